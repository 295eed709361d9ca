package cuaderno.display;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArrayTextTest {

    @Test
    void smallArraysPrintWholeWithShapeAndType() {
        String text = ArrayText.format(Nd4j.createFromArray(new float[][]{{1, 2, 3}, {4, 5, 60}}));
        assertEquals("array([[ 1,  2,  3],\n       [ 4,  5, 60]], shape=[2, 3], dtype=float)", text);
        assertEquals("array([0.5000, 0.2500], shape=[2], dtype=double)",
                ArrayText.format(Nd4j.createFromArray(0.5, 0.25)));
    }

    @Test
    void bigArraysAreSummarisedLikeNumpy() {
        String text = ArrayText.format(Nd4j.arange(0, 2_000 * 784).castTo(DataType.FLOAT).reshape(2_000, 784));
        String[] lines = text.split("\n");
        assertEquals(8, lines.length, text);
        assertEquals("array([[      0,       1,       2, ...,     781,     782,     783],", lines[0]);
        assertEquals("       ...,", lines[3]);
        assertTrue(lines[6].endsWith("1567999]],"), lines[6]);
        assertEquals("      shape=[2000, 784], dtype=float)", lines[7], "past 75 characters the tail gets its own line");
    }

    @Test
    void threeDimensionsSeparateTheirBlocks() {
        String text = ArrayText.format(Nd4j.zeros(DataType.FLOAT, 2, 2, 2));
        assertEquals("array([[[0, 0],\n        [0, 0]],\n\n       [[0, 0],\n        [0, 0]]], shape=[2, 2, 2], dtype=float)", text);
    }

    @Test
    void longRowsWrapAtNumpysLineWidthBetweenNumbers() {
        String text = ArrayText.format(Nd4j.arange(0, 30).castTo(DataType.FLOAT));
        assertEquals("array([ 0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14, 15, 16,\n"
                + "       17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29], shape=[30],\n"
                + "      dtype=float)", text);
        // a prediction: 10 probabilities per row, continuation lines under the row's first number
        INDArray probabilities = Nd4j.linspace(0.01, 0.99, 20, DataType.FLOAT).reshape(2, 10);
        String[] lines = ArrayText.format(probabilities).split("\n");
        for (String line : lines) {
            assertTrue(line.length() <= ArrayText.LINE_WIDTH, line.length() + ": " + line);
            assertTrue(line.matches("(array\\(\\[\\[| {7}\\[| {8}| {6}).*"), "aligned: " + line);
        }
        assertEquals("array([[0.0100, 0.0616, 0.1132, 0.1647, 0.2163, 0.2679, 0.3195, 0.3711,", lines[0]);
        assertEquals("        0.4226, 0.4742],", lines[1]);
        assertTrue(Arrays.stream(lines).noneMatch(l -> l.matches(".*\\d$")), "never broken inside a number");
        String scientific = ArrayText.format(Nd4j.ones(DataType.FLOAT, 1, 10).muli(1e-6f));
        assertTrue(Arrays.stream(scientific.split("\n")).allMatch(l -> l.length() <= ArrayText.LINE_WIDTH), scientific);
    }
}
