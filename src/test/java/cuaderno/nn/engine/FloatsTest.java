package cuaderno.nn.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FloatsTest {

    @Test
    void tanhAndSigmoidAgreeWithTheirDefinitions() {
        double worstTanh = 0;
        double worstSigmoid = 0;
        for (float z = -30; z <= 30; z += 0.001f) {
            worstTanh = Math.max(worstTanh, Math.abs(Math.tanh(z) - Floats.tanh(z)));
            worstSigmoid = Math.max(worstSigmoid, Math.abs(1 / (1 + Math.exp(-z)) - Floats.sigmoid(z)));
        }
        assertTrue(worstTanh < 4e-7, "tanh within " + worstTanh);
        assertTrue(worstSigmoid < 2e-7, "sigmoid within " + worstSigmoid);
        assertEquals(0f, Floats.tanh(0f));
        assertEquals(0.5f, Floats.sigmoid(0f));
        assertEquals(-Floats.tanh(0.3f), Floats.tanh(-0.3f), "odd");
        assertEquals(1f, Floats.tanh(100f), 1e-6f);
        assertEquals(-1f, Floats.tanh(Float.NEGATIVE_INFINITY), 1e-6f);
        assertEquals(0f, Floats.sigmoid(-1000f), 2e-7f);
        assertTrue(Float.isNaN(Floats.tanh(Float.NaN)), "NaN stays NaN");
    }
}
