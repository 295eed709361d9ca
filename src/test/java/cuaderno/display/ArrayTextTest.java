package cuaderno.display;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

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
        assertEquals(7, lines.length, text);
        assertEquals("array([[      0,       1,       2, ...,     781,     782,     783],", lines[0]);
        assertEquals("       ...,", lines[3]);
        assertTrue(lines[6].endsWith("1567999]], shape=[2000, 784], dtype=float)"), lines[6]);
    }

    @Test
    void threeDimensionsSeparateTheirBlocks() {
        String text = ArrayText.format(Nd4j.zeros(DataType.FLOAT, 2, 2, 2));
        assertEquals("array([[[0, 0],\n        [0, 0]],\n\n       [[0, 0],\n        [0, 0]]], shape=[2, 2, 2], dtype=float)", text);
    }
}
