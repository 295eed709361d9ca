package cuaderno.nn.engine;

import java.util.SplittableRandom;

/**
 * Keras' inverted dropout masks: each value is kept with probability 1 - rate and then scaled by 1 / (1 - rate),
 * or dropped (0). A mask is a function of the layer's seed and the training iteration only, so DL4J's fit
 * ({@link KerasDropout}) and the fast engine ({@link DropoutKernel}) drop the same values at the same step, and a
 * run can be repeated exactly.
 */
final class DropoutMask {

    private DropoutMask() {
    }

    /** Fills {@code scale[0..n)} with the mask of {@code iteration}: 0 or 1 / keep, for n values in row-major order. */
    static void fill(float[] scale, int n, double rate, long seed, int iteration) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + iteration);
        float keep = (float) (1 - rate);
        float kept = 1 / keep;
        for (int i = 0; i < n; i += 2) { // two uniforms in [0, 1) of 24 bits from each 64 random bits
            long bits = random.nextLong();
            scale[i] = ((int) (bits >>> 40)) * 0x1.0p-24f < keep ? kept : 0f;
            if (i + 1 < n) {
                scale[i + 1] = (((int) bits) >>> 8) * 0x1.0p-24f < keep ? kept : 0f;
            }
        }
    }
}
