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

    /** z ← f(z) for {@code rows} rows of {@code width} values (softmax: over each row). */
    void apply(FloatBuffer z, int rows, int width) {
        int n = rows * width;
        switch (this) {
            case LINEAR -> { }
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    z.put(i, Math.max(0f, z.get(i)));
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    z.put(i, Floats.sigmoid(z.get(i)));
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    z.put(i, Floats.tanh(z.get(i)));
                }
            }
            case SOFTMAX -> {
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
        }
    }

    /** g ← dLoss/dz from g = dLoss/da, given the outputs a = f(z). */
    void backprop(FloatBuffer a, FloatBuffer g, int rows, int width) {
        int n = rows * width;
        switch (this) {
            case LINEAR -> { }
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    if (!(a.get(i) > 0)) {
                        g.put(i, 0f);
                    }
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    float v = a.get(i);
                    g.put(i, g.get(i) * v * (1 - v));
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    float v = a.get(i);
                    g.put(i, g.get(i) * (1 - v * v));
                }
            }
            case SOFTMAX -> {
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
    }
}
