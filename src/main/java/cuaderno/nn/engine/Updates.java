package cuaderno.nn.engine;

import java.util.List;

/**
 * Keras' optimisers (tf.keras 2's formulas), as {@link UpdateRule}s. Where DL4J has the same optimiser its state
 * arrays carry DL4J's names, so the engine can take them over from DL4J's updater and hand them back.
 */
public final class Updates {

    private Updates() {
    }

    /** p -= lr · g */
    public static UpdateRule sgd(double learningRate) {
        float lr = (float) learningRate;
        return rule(List.of(), (p, g, s, n, t) -> {
            for (int i = 0; i < n; i++) {
                p[i] = p[i] - lr * g[i];
            }
        });
    }

    /** Keras' momentum: v = μ v - lr · g; p += v. */
    public static UpdateRule momentum(double learningRate, double momentum) {
        float lr = (float) learningRate;
        float mu = (float) momentum;
        return rule(List.of("V"), (p, g, s, n, t) -> {
            float[] v = s[0];
            for (int i = 0; i < n; i++) {
                float velocity = mu * v[i] - lr * g[i];
                v[i] = velocity;
                p[i] = p[i] + velocity;
            }
        });
    }

    /** Nesterov momentum, as DL4J's Nesterovs writes Keras' p += μ v - lr · g (v = μ v - lr · g). */
    public static UpdateRule nesterov(double learningRate, double momentum) {
        float lr = (float) learningRate;
        float mu = (float) momentum;
        return rule(List.of("V"), (p, g, s, n, t) -> {
            float[] v = s[0];
            for (int i = 0; i < n; i++) {
                float previous = v[i];
                float velocity = mu * previous - lr * g[i];
                v[i] = velocity;
                p[i] = p[i] - (mu * previous - (1 + mu) * velocity);
            }
        });
    }

    /** r = ρ r + (1 - ρ) g²; p -= lr · g / (√r + ε) */
    public static UpdateRule rmsprop(double learningRate, double rho, double epsilon) {
        float lr = (float) learningRate;
        float decay = (float) rho;
        float eps = (float) epsilon;
        return rule(List.of("G"), (p, g, s, n, t) -> {
            float[] r = s[0];
            for (int i = 0; i < n; i++) {
                float gi = g[i];
                float ri = decay * r[i] + gi * gi * (1 - decay);
                r[i] = ri;
                p[i] = p[i] - lr * gi / ((float) Math.sqrt(ri) + eps);
            }
        });
    }

    /** h += g² (h starting at {@code initialAccumulator}, Keras' 0.1); p -= lr · g / (√h + ε) */
    public static UpdateRule adagrad(double learningRate, double epsilon, double initialAccumulator) {
        float lr = (float) learningRate;
        float eps = (float) epsilon;
        UpdateRule.Step step = (p, g, s, n, t) -> {
            float[] h = s[0];
            for (int i = 0; i < n; i++) {
                float gi = g[i];
                float hi = h[i] + gi * gi;
                h[i] = hi;
                p[i] = p[i] - lr * gi / ((float) Math.sqrt(hi) + eps);
            }
        };
        return new Rule(List.of("grad"), (float) initialAccumulator, step);
    }

    /**
     * Keras' Adadelta: a = ρ a + (1 - ρ) g²; u = √(d + ε) / √(a + ε) · g; d = ρ d + (1 - ρ) u²; p -= lr · u.
     * (DL4J's AdaDelta is this with lr fixed at 1.)
     */
    public static UpdateRule adadelta(double learningRate, double rho, double epsilon) {
        float lr = (float) learningRate;
        float decay = (float) rho;
        float eps = (float) epsilon;
        return rule(List.of("msg", "msdx"), (p, g, s, n, t) -> {
            float[] accumulated = s[0];
            float[] updates = s[1];
            for (int i = 0; i < n; i++) {
                float gi = g[i];
                float a = decay * accumulated[i] + (1 - decay) * gi * gi;
                accumulated[i] = a;
                float u = (float) (Math.sqrt(updates[i] + eps) / Math.sqrt(a + eps)) * gi;
                updates[i] = decay * updates[i] + (1 - decay) * u * u;
                p[i] = p[i] - lr * u;
            }
        });
    }

    /** m = β1 m + (1 - β1) g; v = β2 v + (1 - β2) g²; p -= lr √(1 - β2^t) / (1 - β1^t) · m / (√v + ε) */
    public static UpdateRule adam(double learningRate, double beta1, double beta2, double epsilon) {
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float eps = (float) epsilon;
        return rule(List.of("M", "V"), (p, g, s, n, t) -> {
            float[] m = s[0];
            float[] v = s[1];
            float alpha = (float) (learningRate * Math.sqrt(1 - Math.pow(b2, t + 1)) / (1 - Math.pow(b1, t + 1)));
            if (Float.isNaN(alpha) || Float.isInfinite(alpha) || alpha == 0) {
                alpha = eps; // DL4J's guard
            }
            for (int i = 0; i < n; i++) {
                float gi = g[i];
                float mi = b1 * m[i] + gi * (1 - b1);
                float vi = b2 * v[i] + gi * gi * (1 - b2);
                m[i] = mi;
                v[i] = vi;
                p[i] = p[i] - mi * alpha / ((float) Math.sqrt(vi) + eps);
            }
        });
    }

    /** m = β1 m + (1 - β1) g; u = max(β2 u, |g|); p -= lr / (1 - β1^t) · m / (u + ε) (DL4J's AdaMax has no ε) */
    public static UpdateRule adamax(double learningRate, double beta1, double beta2, double epsilon) {
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float eps = (float) epsilon;
        return rule(List.of("M", "V"), (p, g, s, n, t) -> {
            float[] m = s[0];
            float[] u = s[1];
            float alpha = (float) (learningRate / (1 - Math.pow(b1, t + 1)));
            for (int i = 0; i < n; i++) {
                float gi = g[i];
                float mi = b1 * m[i] + (1 - b1) * gi;
                float ui = Math.max(b2 * u[i], Math.abs(gi));
                m[i] = mi;
                u[i] = ui;
                p[i] = p[i] - alpha * mi / (ui + eps);
            }
        });
    }

    /**
     * Keras' Nadam (Dozat's, with Keras' momentum schedule μ_t = β1 (1 - ½ · 0.96^(0.004 t))):
     * m = β1 m + (1 - β1) g; v = β2 v + (1 - β2) g²;
     * p -= lr · ((1 - μ_t) g / (1 - Π μ..t) + μ_t+1 m / (1 - Π μ..t+1)) / (√(v / (1 - β2^t)) + ε).
     * DL4J's Nadam has no schedule and steps far larger, so DL4J trains it through {@link KerasUpdater} too.
     */
    public static UpdateRule nadam(double learningRate, double beta1, double beta2, double epsilon) {
        float lr = (float) learningRate;
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float eps = (float) epsilon;
        MomentumSchedule schedule = new MomentumSchedule(beta1);
        return rule(List.of("M", "V"), (p, g, s, n, t) -> {
            float[] m = s[0];
            float[] v = s[1];
            double muT = schedule.momentum(t + 1);
            double muNext = schedule.momentum(t + 2);
            double productT = schedule.product(t + 1);
            float gradientWeight = (float) ((1 - muT) / (1 - productT));
            float momentumWeight = (float) (muNext / (1 - productT * muNext));
            float secondMomentBias = (float) (1 - Math.pow(beta2, t + 1));
            for (int i = 0; i < n; i++) {
                float gi = g[i];
                float mi = b1 * m[i] + (1 - b1) * gi;
                float vi = b2 * v[i] + (1 - b2) * gi * gi;
                m[i] = mi;
                v[i] = vi;
                float direction = gradientWeight * gi + momentumWeight * mi;
                p[i] = p[i] - lr * direction / ((float) Math.sqrt(vi / secondMomentBias) + eps);
            }
        });
    }

    /** Keras' Nadam momentum schedule and its running product (remembered: steps come one after the other). */
    private static final class MomentumSchedule {
        private final double beta1;
        private int productSteps;
        private double product = 1;

        MomentumSchedule(double beta1) {
            this.beta1 = beta1;
        }

        double momentum(int step) {
            return beta1 * (1 - 0.5 * Math.pow(0.96, 0.004 * step));
        }

        /** μ_1 · μ_2 ⋯ μ_step */
        double product(int step) {
            if (step < productSteps) {
                productSteps = 0;
                product = 1;
            }
            while (productSteps < step) {
                product *= momentum(++productSteps);
            }
            return product;
        }
    }

    private static UpdateRule rule(List<String> stateNames, UpdateRule.Step step) {
        return new Rule(stateNames, 0f, step);
    }

    private record Rule(List<String> stateNames, float initialState, UpdateRule.Step step) implements UpdateRule {
        @Override
        public void apply(float[] params, float[] gradient, float[][] state, int n, int iteration) {
            step.apply(params, gradient, state, n, iteration);
        }
    }
}
