package cuaderno.nn;

/**
 * A fully connected layer, Keras' {@code Dense(units, activation)}: glorot-uniform kernel and zero bias by default.
 * <pre>new Dense(100, "relu")   new Dense(10, "softmax")   new Dense(256).init(Init.randomNormal(1.0))</pre>
 */
public final class Dense implements Layer {

    private final int units;
    private final String activation;
    private final Integer inputDim;
    private final Init kernelInit;
    private final Init biasInit;

    public Dense(int units) {
        this(units, "linear");
    }

    public Dense(int units, String activation) {
        this(units, activation, null, Init.glorotUniform(), Init.zeros());
    }

    private Dense(int units, String activation, Integer inputDim, Init kernelInit, Init biasInit) {
        if (units <= 0) {
            throw new ModelError("a Dense layer needs at least one unit, not " + units);
        }
        Activations.of(activation); // fail now on an unknown name
        this.units = units;
        this.activation = activation == null ? "linear" : activation;
        this.inputDim = inputDim;
        this.kernelInit = kernelInit;
        this.biasInit = biasInit;
    }

    /** Keras' {@code input_dim}: the width of the input, needed on the first layer. */
    public Dense inputDim(int width) {
        if (width <= 0) {
            throw new ModelError("inputDim must be positive, not " + width);
        }
        return new Dense(units, activation, width, kernelInit, biasInit);
    }

    /** How the weights start (default glorot-uniform, as Keras). */
    public Dense kernelInit(Init init) {
        return new Dense(units, activation, inputDim, init, biasInit);
    }

    /** How the biases start (default zeros, as Keras). */
    public Dense biasInit(Init init) {
        return new Dense(units, activation, inputDim, kernelInit, init);
    }

    public int units() {
        return units;
    }

    public String activation() {
        return activation;
    }

    Integer inputDimOrNull() {
        return inputDim;
    }

    Init kernelInit() {
        return kernelInit;
    }

    Init biasInit() {
        return biasInit;
    }

    Dense withActivation(String name) {
        return new Dense(units, name, inputDim, kernelInit, biasInit);
    }

    @Override
    public String typeName() {
        return "Dense";
    }
}
