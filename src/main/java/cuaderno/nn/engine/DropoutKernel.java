package cuaderno.nn.engine;

import java.nio.FloatBuffer;
import java.util.function.IntFunction;

/** Keras' inverted dropout with the masks DL4J's fit uses too ({@link DropoutMask}, seeded per layer and step). */
public final class DropoutKernel implements FastLayer {

    private final int size;
    private final double rate;
    private final long seed;
    private float[] scale; // the step's mask: 0 or 1 / (1 - rate) per value

    public DropoutKernel(int size, double rate, long seed) {
        this.size = size;
        this.rate = rate;
        this.seed = seed;
    }

    @Override
    public int inputSize() {
        return size;
    }

    @Override
    public int outputSize() {
        return size;
    }

    @Override
    public void bind(FloatBuffer[] params, FloatBuffer[] gradients, int maxBatch, IntFunction<FloatBuffer> memory) {
        scale = new float[maxBatch * size];
    }

    @Override
    public void forward(FloatBuffer in, FloatBuffer out, int batch, int iteration) {
        int n = batch * size;
        DropoutMask.fill(scale, n, rate, seed, iteration);
        for (int i = 0; i < n; i++) {
            out.put(i, in.get(i) * scale[i]);
        }
    }

    @Override
    public void backward(FloatBuffer in, FloatBuffer out, FloatBuffer delta, FloatBuffer inputDelta, int batch) {
        if (inputDelta != null) {
            for (int i = 0, n = batch * size; i < n; i++) {
                inputDelta.put(i, delta.get(i) * scale[i]);
            }
        }
    }
}
