package cuaderno.kernel;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CellStreamsTest {

    @Test
    void neverSplitsAMultiByteCharacter() {
        byte[] text = "año π ✓".getBytes(StandardCharsets.UTF_8);
        assertEquals(text.length, CellStreams.completeUtf8Length(text));
        for (int cut = 0; cut <= text.length; cut++) {
            byte[] prefix = java.util.Arrays.copyOf(text, cut);
            int complete = CellStreams.completeUtf8Length(prefix);
            String decoded = new String(prefix, 0, complete, StandardCharsets.UTF_8);
            assertEquals(-1, decoded.indexOf('\uFFFD'), "cut at " + cut + " gave " + decoded);
            assertEquals(true, "año π ✓".startsWith(decoded));
        }
    }
}
