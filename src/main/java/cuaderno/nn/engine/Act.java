package cuaderno.nn.engine;

import java.nio.FloatBuffer;

/**
 * The activation functions of the fast engine, as DL4J computes them: applied in place to a layer's output, and
 * back-propagated from that output (every derivative here is a function of the activation's own output).
 */
public enum Act {
    LINEAR, RELU, SIGMOID, TANH, SOFTMAX;

    /** By Keras' name ("relu"...); null for a function the fast engine does not have. */
    public static Act of(String kerasName) {
        return switch (kerasName.toLowerCase(java.util.Locale.ROOT)) {
            case "linear" -> LINEAR;
            case "relu" -> RELU;
            case "sigmoid" -> SIGMOID;
            case "tanh" -> TANH;
            case "softmax" -> SOFTMAX;
            default -> null;
        };
    }

    /**
     * z ← f(z) for {@code rows} rows of {@code width} values (softmax: over each row). Elementwise functions run a
     * chunk at a time through {@code scratch} (a heap array): plain array loops, which the JIT vectorises.
     */
    void apply(FloatBuffer z, int rows, int width, float[] scratch) {
        if (this == SOFTMAX) {
            softmax(z, rows, width);
            return;
        }
        if (this == LINEAR) {
            return;
        }
        for (int from = 0, n = rows * width; from < n; from += scratch.length) {
            int length = Math.min(scratch.length, n - from);
            z.get(from, scratch, 0, length);
            switch (this) {
                case RELU -> {
                    for (int i = 0; i < length; i++) {
                        scratch[i] = Math.max(0f, scratch[i]);
                    }
                }
                case SIGMOID -> {
                    for (int i = 0; i < length; i++) {
                        scratch[i] = Floats.sigmoid(scratch[i]);
                    }
                }
                default -> {
                    for (int i = 0; i < length; i++) {
                        scratch[i] = Floats.tanh(scratch[i]);
                    }
                }
            }
            z.put(from, scratch, 0, length);
        }
    }

    private static void softmax(FloatBuffer z, int rows, int width) {
        for (int r = 0; r < rows; r++) {
            int row = r * width;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < width; j++) {
                max = Math.max(max, z.get(row + j));
            }
            float sum = 0;
            for (int j = 0; j < width; j++) {
                float e = (float) Math.exp(z.get(row + j) - max);
                z.put(row + j, e);
                sum += e;
            }
            for (int j = 0; j < width; j++) {
                z.put(row + j, z.get(row + j) / sum);
            }
        }
    }

    /** g ← dLoss/dz from g = dLoss/da, given the outputs a = f(z); elementwise a chunk at a time, as {@link #apply}. */
    void backprop(FloatBuffer a, FloatBuffer g, int rows, int width, float[] outputs, float[] gradients) {
        if (this == SOFTMAX) {
            softmaxBackprop(a, g, rows, width);
            return;
        }
        if (this == LINEAR) {
            return;
        }
        for (int from = 0, n = rows * width; from < n; from += outputs.length) {
            int length = Math.min(outputs.length, n - from);
            a.get(from, outputs, 0, length);
            g.get(from, gradients, 0, length);
            switch (this) {
                case RELU -> {
                    for (int i = 0; i < length; i++) {
                        gradients[i] = outputs[i] > 0 ? gradients[i] : 0f;
                    }
                }
                case SIGMOID -> {
                    for (int i = 0; i < length; i++) {
                        gradients[i] = gradients[i] * outputs[i] * (1 - outputs[i]);
                    }
                }
                default -> {
                    for (int i = 0; i < length; i++) {
                        gradients[i] = gradients[i] * (1 - outputs[i] * outputs[i]);
                    }
                }
            }
            g.put(from, gradients, 0, length);
        }
    }

    private static void softmaxBackprop(FloatBuffer a, FloatBuffer g, int rows, int width) {
        for (int r = 0; r < rows; r++) {
            int row = r * width;
            double dot = 0;
            for (int j = 0; j < width; j++) {
                dot += g.get(row + j) * a.get(row + j);
            }
            for (int j = 0; j < width; j++) {
                g.put(row + j, (float) (a.get(row + j) * (g.get(row + j) - dot)));
            }
        }
    }
}
