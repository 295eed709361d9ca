package cuaderno.nn.engine;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FloatsTest {

    @Test
    void expIsAccurateToFloatPrecision() {
        Random random = new Random(3);
        for (int i = 0; i < 200_000; i++) {
            float x = i < 1000 ? (random.nextFloat() - 0.5f) * 1e-3f : random.nextFloat() * 175 - 87;
            double exact = Math.exp(x);
            double ulps = Math.abs(Floats.exp(x) - exact) / Math.ulp((float) exact);
            assertTrue(ulps <= 2, "exp(" + x + ") = " + Floats.exp(x) + ", exactly " + exact);
        }
        assertEquals(1f, Floats.exp(0f));
        assertEquals(Float.POSITIVE_INFINITY, Floats.exp(89f));
        assertEquals(0f, Floats.exp(-100f));
        assertEquals(0f, Floats.exp(Float.NEGATIVE_INFINITY));
        assertTrue(Float.isNaN(Floats.exp(Float.NaN)));
    }

    @Test
    void sigmoidAndTanhAgreeWithTheirDefinitions() {
        for (float z = -30; z <= 30; z += 0.01f) {
            assertEquals(1 / (1 + Math.exp(-z)), Floats.sigmoid(z), 1e-6, "sigmoid(" + z + ")");
            assertEquals(Math.tanh(z), Floats.tanh(z), 1e-6, "tanh(" + z + ")");
        }
        assertEquals(1f, Floats.tanh(100f));
        assertEquals(-1f, Floats.tanh(-100f));
        assertEquals(0f, Floats.sigmoid(-1000f));
    }
}
