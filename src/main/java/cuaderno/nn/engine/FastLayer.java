package cuaderno.nn.engine;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.function.IntFunction;

/**
 * One layer's forward and backward step in the fast engine, on the engine's own buffers: a batch's inputs are
 * {@code [batch, inputSize()]} row-major, its outputs {@code [batch, outputSize()]}. A layer computes its output
 * before {@link #activation()}, which the engine applies and back-propagates (and fuses with a cross-entropy loss
 * after a softmax). Layers get these from {@code cuaderno.nn.Layer.fastLayer}.
 */
public interface FastLayer {

    /**
     * One of DL4J's parameter arrays of the layer, in the order DL4J flattens them: its key, shape ([n] for a vector,
     * whichever way DL4J shapes it) and order ('f' column-major, 'c' row-major).
     */
    record Param(String key, long[] shape, char order) {
        public int length() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return Math.toIntExact(n);
        }
    }

    /** The layer's parameters as DL4J lays them out one after the other (none for Dropout and Activation). */
    default List<Param> params() {
        return List.of();
    }

    int inputSize();

    int outputSize();

    /** The activation the engine applies to {@link #forward}'s output. */
    default Act activation() {
        return Act.LINEAR;
    }

    /** Floats of native memory {@link #bind} takes for batches of up to {@code maxBatch} examples. */
    default long scratchFloats(int maxBatch) {
        return 0;
    }

    /**
     * Before the first step: the parameter and gradient buffers (one per {@link #params()} entry, in DL4J's layout,
     * owned by the engine), and native memory for batches of up to {@code maxBatch} examples.
     */
    default void bind(FloatBuffer[] params, FloatBuffer[] gradients, int maxBatch, IntFunction<FloatBuffer> memory) {
    }

    /** out = the layer's output before its activation; {@code iteration} counts training steps (dropout masks). */
    void forward(FloatBuffer in, FloatBuffer out, int batch, int iteration);

    /**
     * From {@code delta} = dLoss/d(the layer's output before its activation): the parameter gradients, averaged
     * over the batch, and dLoss/d(input) into {@code inputDelta} unless it is null (no layer below has parameters).
     */
    void backward(FloatBuffer in, FloatBuffer out, FloatBuffer delta, FloatBuffer inputDelta, int batch);
}
