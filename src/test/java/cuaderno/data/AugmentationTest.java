package cuaderno.data;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AugmentationTest {

    private final Digits digits = Mnist.sample().train().first(50);

    @Test
    void noTransformationKeepsTheImages() {
        Digits same = Augmentation.create().apply(digits);
        for (int i = 0; i < digits.size(); i++) {
            assertArrayEquals(digits.image(i), same.image(i));
            assertEquals(digits.label(i), same.label(i));
        }
    }

    @Test
    void transformationsMoveInkButKeepLabelsAndAreSeeded() {
        Augmentation augmentation = Augmentation.create().rotation(15).shift(0.1, 0.1).zoom(0.1).seed(3);
        Digits a = augmentation.apply(digits);
        Digits b = Augmentation.create().rotation(15).shift(0.1, 0.1).zoom(0.1).seed(3).apply(digits);
        assertEquals(digits.size(), a.size());
        assertArrayEquals(a.image(7), b.image(7), "same seed, same images");
        assertNotEquals(java.util.Arrays.deepToString(digits.image(7)), java.util.Arrays.deepToString(a.image(7)));
        assertEquals(digits.label(7), a.label(7));
        double before = digits.pixels().sumNumber().doubleValue();
        double after = a.pixels().sumNumber().doubleValue();
        assertTrue(Math.abs(after - before) / before < 0.25, "about as much ink after as before: " + before + " " + after);
    }

    @Test
    void shiftMovesTheDigit() {
        Digits shifted = Augmentation.create().shift(0.2, 0).seed(1).apply(digits.first(1));
        assertNotEquals(java.util.Arrays.deepToString(digits.image(0)), java.util.Arrays.deepToString(shifted.image(0)));
        assertThrows(IllegalArgumentException.class, () -> Augmentation.create().zoom(1.5));
    }
}
