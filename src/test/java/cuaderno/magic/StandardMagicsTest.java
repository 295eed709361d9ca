package cuaderno.magic;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StandardMagicsTest {

    @Test
    void globFindsJarsByPattern(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("lib/sub"));
        Files.writeString(dir.resolve("lib/a.jar"), "");
        Files.writeString(dir.resolve("lib/b.jar"), "");
        Files.writeString(dir.resolve("lib/notes.txt"), "");
        Files.writeString(dir.resolve("lib/sub/c.jar"), "");
        assertEquals(List.of(dir.resolve("lib/a.jar"), dir.resolve("lib/b.jar")),
                StandardMagics.glob(dir + "/lib/*.jar"));
        assertEquals(3, StandardMagics.glob(dir + "/lib/**.jar").size());
        assertEquals(List.of(dir.resolve("lib/a.jar")), StandardMagics.glob(dir + "/lib/a.jar"));
        assertTrue(StandardMagics.glob(dir + "/none/*.jar").isEmpty());
    }

    @Test
    void wallTimeIsReadable() {
        assertEquals("250 µs", StandardMagics.formatNanos(250_000));
        assertEquals("12.5 ms", StandardMagics.formatNanos(12_500_000));
        assertEquals("3.20 s", StandardMagics.formatNanos(3_200_000_000L));
    }

    @Test
    void badMavenCoordinatesSayWhatToWrite() {
        MagicError error = assertThrows(MagicError.class, () -> MavenResolver.resolve(List.of("commons-lang3")));
        assertTrue(error.getMessage().contains("group:artifact:version"), error.getMessage());
    }
}
