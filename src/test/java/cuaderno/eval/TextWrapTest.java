package cuaderno.eval;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextWrapTest {

    @Test
    void shortLinesStayAsTheyAre() {
        assertEquals(List.of("  at   (In [3], line 2)"), TextWrap.wrap("  at   (In [3], line 2)", 100));
    }

    @Test
    void longLinesBreakBetweenWordsWithinTheWidth() {
        String message = "the input has 784 columns but the first layer expects 28; reshape it with "
                + "digits.sequences() or set inputShape(784) on the first layer, then compile again";
        List<String> lines = TextWrap.wrap(message, 40);
        assertTrue(lines.size() > 1, lines.toString());
        lines.forEach(line -> assertTrue(line.length() <= 40, line));
        assertEquals(message, String.join(" ", lines), "nothing lost, no word cut");
    }

    @Test
    void colourCodesTakeNoColumnsAndLongWordsStayWhole() {
        String red = "\u001b[1;31mModelError\u001b[0m: ";
        List<String> lines = TextWrap.wrap(red + "aaaa bbbb " + "x".repeat(30) + " cc", 20);
        assertEquals(List.of(red + "aaaa", "bbbb", "x".repeat(30), "cc"), lines);
    }

    @Test
    void indentationStaysOnTheFirstPiece() {
        assertEquals(List.of("    one two", "three"), TextWrap.wrap("    one two three", 12));
    }
}
