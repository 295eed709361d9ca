package cuaderno.nn.engine;

import java.nio.FloatBuffer;

/** Keras' Activation layer: its input passes on, and the engine applies (and back-propagates) the function. */
public final class ActivationKernel implements FastLayer {

    private final int size;
    private final Act activation;

    public ActivationKernel(int size, Act activation) {
        this.size = size;
        this.activation = activation;
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
    public Act activation() {
        return activation;
    }

    @Override
    public void forward(FloatBuffer in, FloatBuffer out, int batch, int iteration) {
        out.put(0, in, 0, batch * size);
    }

    @Override
    public void backward(FloatBuffer in, FloatBuffer out, FloatBuffer delta, FloatBuffer inputDelta, int batch) {
        if (inputDelta != null) {
            inputDelta.put(0, delta, 0, batch * size);
        }
    }
}
