package cuaderno.nn.engine;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Each optimiser against Keras' own formula (tf.keras 2, written out here in double precision from its source), over
 * five steps of random gradients: the fast engine runs these rules, and so does DL4J's fit for the optimisers DL4J
 * lacks or computes otherwise (momentum, Adadelta, Adamax, Nadam).
 */
class UpdatesTest {

    private static final int N = 40;
    private static final double LR = 0.01;
    private static final double EPS = 1e-7;

    /** Keras' formula for one step: params and state in place, t counting steps from 1. */
    private interface Keras {
        void step(double[] p, double[] g, double[][] s, int t);
    }

    @Test
    void sgd() {
        check(Updates.sgd(LR), 0, 0, (p, g, s, t) -> {
            for (int i = 0; i < N; i++) {
                p[i] -= LR * g[i];
            }
        });
    }

    @Test
    void momentum() {
        check(Updates.momentum(LR, 0.9), 1, 0, (p, g, s, t) -> {
            for (int i = 0; i < N; i++) {
                s[0][i] = 0.9 * s[0][i] - LR * g[i];
                p[i] += s[0][i];
            }
        });
    }

    @Test
    void nesterov() {
        check(Updates.nesterov(LR, 0.9), 1, 0, (p, g, s, t) -> {
            for (int i = 0; i < N; i++) {
                s[0][i] = 0.9 * s[0][i] - LR * g[i];
                p[i] += 0.9 * s[0][i] - LR * g[i];
            }
        });
    }

    @Test
    void rmsprop() {
        check(Updates.rmsprop(LR, 0.9, EPS), 1, 0, (p, g, s, t) -> {
            for (int i = 0; i < N; i++) {
                s[0][i] = 0.9 * s[0][i] + 0.1 * g[i] * g[i];
                p[i] -= LR * g[i] / (Math.sqrt(s[0][i]) + EPS);
            }
        });
    }

    @Test
    void adagradStartsItsAccumulatorAtKerasValue() {
        check(Updates.adagrad(LR, EPS, 0.1), 1, 0.1, (p, g, s, t) -> {
            for (int i = 0; i < N; i++) {
                s[0][i] += g[i] * g[i];
                p[i] -= LR * g[i] / (Math.sqrt(s[0][i]) + EPS);
            }
        });
    }

    @Test
    void adadelta() {
        check(Updates.adadelta(1.0, 0.95, EPS), 2, 0, (p, g, s, t) -> {
            for (int i = 0; i < N; i++) {
                s[0][i] = 0.95 * s[0][i] + 0.05 * g[i] * g[i];
                double update = Math.sqrt(s[1][i] + EPS) / Math.sqrt(s[0][i] + EPS) * g[i];
                s[1][i] = 0.95 * s[1][i] + 0.05 * update * update;
                p[i] -= 1.0 * update;
            }
        });
    }

    @Test
    void adam() {
        check(Updates.adam(LR, 0.9, 0.999, EPS), 2, 0, (p, g, s, t) -> {
            double lrT = LR * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
            for (int i = 0; i < N; i++) {
                s[0][i] = 0.9 * s[0][i] + 0.1 * g[i];
                s[1][i] = 0.999 * s[1][i] + 0.001 * g[i] * g[i];
                p[i] -= lrT * s[0][i] / (Math.sqrt(s[1][i]) + EPS);
            }
        });
    }

    @Test
    void adamax() {
        check(Updates.adamax(LR, 0.9, 0.999, EPS), 2, 0, (p, g, s, t) -> {
            for (int i = 0; i < N; i++) {
                s[0][i] = 0.9 * s[0][i] + 0.1 * g[i];
                s[1][i] = Math.max(0.999 * s[1][i], Math.abs(g[i]));
                p[i] -= LR / (1 - Math.pow(0.9, t)) * s[0][i] / (s[1][i] + EPS);
            }
        });
    }

    @Test
    void nadam() {
        double[] schedule = {1}; // Keras' m_schedule: the product of the momentum cache so far
        check(Updates.nadam(LR, 0.9, 0.999, EPS), 2, 0, (p, g, s, t) -> {
            double cacheT = 0.9 * (1 - 0.5 * Math.pow(0.96, t * 0.004));
            double cacheNext = 0.9 * (1 - 0.5 * Math.pow(0.96, (t + 1) * 0.004));
            double scheduleNew = schedule[0] * cacheT;
            double scheduleNext = scheduleNew * cacheNext;
            schedule[0] = scheduleNew;
            for (int i = 0; i < N; i++) {
                double gPrime = g[i] / (1 - scheduleNew);
                s[0][i] = 0.9 * s[0][i] + 0.1 * g[i];
                double mPrime = s[0][i] / (1 - scheduleNext);
                s[1][i] = 0.999 * s[1][i] + 0.001 * g[i] * g[i];
                double vPrime = s[1][i] / (1 - Math.pow(0.999, t));
                double mBar = (1 - cacheT) * gPrime + cacheNext * mPrime;
                p[i] -= LR * mBar / (Math.sqrt(vPrime) + EPS);
            }
        });
    }

    private static void check(UpdateRule rule, int states, double initial, Keras keras) {
        assertEquals(states, rule.stateNames().size());
        assertEquals((float) initial, rule.initialState());
        Random random = new Random(11);
        double[] p = new double[N];
        for (int i = 0; i < N; i++) {
            p[i] = random.nextGaussian();
        }
        float[] params = floats(p);
        double[][] s = new double[states][N];
        float[][] state = new float[states][];
        for (int k = 0; k < states; k++) {
            java.util.Arrays.fill(s[k], initial);
            state[k] = floats(s[k]);
        }
        for (int t = 1; t <= 5; t++) {
            double[] g = new double[N];
            for (int i = 0; i < N; i++) {
                g[i] = random.nextGaussian() * (i % 4 == 0 ? 1e-4 : 0.3); // some tiny gradients, where ε matters
            }
            float[] gradient = floats(g); // the same float values on both sides
            keras.step(p, g, s, t);
            rule.apply(params, gradient, state, N, t - 1);
            for (int i = 0; i < N; i++) {
                assertEquals(p[i], params[i], 2e-6 * Math.max(1, Math.abs(p[i])), "parameter " + i + " after step " + t);
                for (int k = 0; k < states; k++) {
                    // 5e-5: 1 - β2 rounded to float (as tf.keras computes it too) is 1.3e-5 off 0.001
                    assertEquals(s[k][i], state[k][i], 5e-5 * Math.max(1e-3, Math.abs(s[k][i])),
                            rule.stateNames().get(k) + "[" + i + "] after step " + t);
                }
            }
        }
    }

    /** The values as floats, and rounded to float in {@code values} too. */
    private static float[] floats(double[] values) {
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = (float) values[i];
            values[i] = floats[i];
        }
        return floats;
    }
}
