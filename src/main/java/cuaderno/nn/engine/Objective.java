package cuaderno.nn.engine;

import java.nio.FloatBuffer;

/**
 * The losses of the fast engine as DL4J computes them (the score averaged over the batch): cross-entropy on one-hot
 * or digit labels, and mean squared error. Cross-entropy after a softmax is taken as one step (dLoss/dz = p - y,
 * with DL4J's clipping of p in the score); on any other output (Keras allows it: seed 004's NaN run) it is
 * -Σ y log p with IEEE arithmetic, so a negative output makes the loss NaN exactly as in DL4J.
 */
public enum Objective {
    CROSS_ENTROPY, SPARSE_CROSS_ENTROPY, MSE;

    /** DL4J clips softmax outputs to [eps, 1 - eps] before the log of its cross-entropy score. */
    private static final double SOFTMAX_CLIP = 1e-10;

    /** Whether this loss takes dLoss/dz itself when the output activation is {@code act}. */
    boolean fusesWith(Act act) {
        return this != MSE && act == Act.SOFTMAX;
    }

    /**
     * The batch's mean loss. On entry {@code delta} holds the one-hot or target rows (unless the labels are sparse:
     * {@code digits}); on exit, dLoss/d(output), or dLoss/dz where the loss fuses with the output's softmax.
     */
    double lossAndDelta(FloatBuffer p, FloatBuffer delta, int[] digits, int batch, int width, boolean fused) {
        double loss = 0;
        for (int r = 0; r < batch; r++) {
            int row = r * width;
            if (this == SPARSE_CROSS_ENTROPY) {
                for (int j = 0; j < width; j++) {
                    delta.put(row + j, j == digits[r] ? 1f : 0f);
                }
            }
            for (int j = 0; j < width; j++) {
                float y = delta.get(row + j);
                float a = p.get(row + j);
                switch (this) {
                    case MSE -> {
                        // DL4J's MSE: squared error over the outputs / their number; dL/da = 2 (a - y) / outputs
                        float diff = a - y;
                        loss += (double) diff * diff / width;
                        delta.put(row + j, 2 * diff / width);
                    }
                    case CROSS_ENTROPY, SPARSE_CROSS_ENTROPY -> {
                        if (fused) {
                            loss -= y * Math.log(Math.min(Math.max(a, SOFTMAX_CLIP), 1 - SOFTMAX_CLIP));
                            delta.put(row + j, a - y);
                        } else {
                            loss -= y * Math.log(a);
                            delta.put(row + j, -(y / a));
                        }
                    }
                }
            }
        }
        return loss / batch;
    }
}
