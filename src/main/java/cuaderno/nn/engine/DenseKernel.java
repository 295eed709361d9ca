package cuaderno.nn.engine;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.function.IntFunction;

/** Dense: z = a · W + b, one BLAS call forward and two backward. DL4J's W is [in, out] column-major: [out, in] row-major. */
public final class DenseKernel implements FastLayer {

    private final int in;
    private final int out;
    private final Act activation;
    private final float[] sums;
    private FloatBuffer weights;
    private FloatBuffer bias;
    private FloatBuffer weightGradient;
    private FloatBuffer biasGradient;

    public DenseKernel(int in, int out, Act activation) {
        this.in = in;
        this.out = out;
        this.activation = activation;
        this.sums = new float[out];
    }

    @Override
    public List<Param> params() {
        return List.of(new Param("W", new long[]{in, out}, 'f'), new Param("b", new long[]{out}, 'c'));
    }

    @Override
    public int inputSize() {
        return in;
    }

    @Override
    public int outputSize() {
        return out;
    }

    @Override
    public Act activation() {
        return activation;
    }

    @Override
    public void bind(FloatBuffer[] params, FloatBuffer[] gradients, int maxBatch, IntFunction<FloatBuffer> memory) {
        weights = params[0];
        bias = params[1];
        weightGradient = gradients[0];
        biasGradient = gradients[1];
    }

    @Override
    public void forward(FloatBuffer a, FloatBuffer z, int batch, int iteration) {
        Blas.gemm(false, true, batch, out, in, 1f, a, in, weights, in, false, z, out);
        for (int r = 0; r < batch; r++) {
            int row = r * out;
            for (int j = 0; j < out; j++) {
                z.put(row + j, z.get(row + j) + bias.get(j));
            }
        }
    }

    @Override
    public void backward(FloatBuffer a, FloatBuffer z, FloatBuffer delta, FloatBuffer inputDelta, int batch) {
        Blas.gemm(true, false, out, in, batch, 1f / batch, delta, out, a, in, false, weightGradient, in);
        java.util.Arrays.fill(sums, 0f);
        for (int r = 0; r < batch; r++) {
            for (int j = 0; j < out; j++) {
                sums[j] += delta.get(r * out + j);
            }
        }
        for (int j = 0; j < out; j++) {
            biasGradient.put(j, sums[j] / batch);
        }
        if (inputDelta != null) {
            Blas.gemm(false, false, batch, in, out, 1f, delta, out, weights, in, false, inputDelta, in);
        }
    }
}
