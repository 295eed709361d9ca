package cuaderno.nn.engine;

import java.util.List;

/**
 * An optimiser's update, element by element, as Keras defines it: {@code params -= update(gradient, state)}. The
 * same code runs in the fast engine and, for the optimisers DL4J lacks or computes otherwise, inside DL4J's fit
 * ({@link KerasUpdater}).
 */
public interface UpdateRule {

    /** The state arrays it keeps, each as long as the parameters, by DL4J's names for them. */
    List<String> stateNames();

    /** What the state starts at (Keras' Adagrad starts its accumulator at 0.1; every other state at 0). */
    default float initialState() {
        return 0f;
    }

    /**
     * One step on the first {@code n} values of the arrays (the engine hands them over a chunk at a time: plain array
     * loops that the JIT vectorises); {@code iteration} counts steps from 0.
     */
    void apply(float[] params, float[] gradient, float[][] state, int n, int iteration);

    /** The loop of a rule. */
    @FunctionalInterface
    interface Step {
        void apply(float[] params, float[] gradient, float[][] state, int n, int iteration);
    }
}
