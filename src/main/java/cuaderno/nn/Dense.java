package cuaderno.nn;

import cuaderno.nn.engine.Act;
import cuaderno.nn.engine.DenseKernel;
import cuaderno.nn.engine.FastLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fully connected layer, Keras' {@code Dense(units, activation)}: glorot-uniform kernel and zero bias by default.
 * <pre>new Dense(100, "relu")   new Dense(10, "softmax")   new Dense(256).kernelInit(Init.randomNormal(1.0))</pre>
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

    Init kernelInit() {
        return kernelInit;
    }

    Init biasInit() {
        return biasInit;
    }

    @Override
    public String typeName() {
        return "Dense";
    }

    @Override
    public int[] declaredInputShape() {
        return inputDim == null ? null : new int[]{inputDim};
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        Shapes.flatWidth(inputShape, "Dense(" + units + ")");
        return new int[]{units};
    }

    @Override
    public long countParams(int[] inputShape) {
        return (long) Shapes.flatWidth(inputShape, "Dense(" + units + ")") * units + units;
    }

    @Override
    public org.deeplearning4j.nn.conf.layers.Layer toDl4j(int[] inputShape, Loss lossIfLast, long seed) {
        var builder = lossIfLast != null ? new OutputLayer.Builder(lossIfLast.function()) : new DenseLayer.Builder();
        Double biasConstant = biasInit.constant();
        return builder.nIn(Shapes.flatWidth(inputShape, "Dense(" + units + ")")).nOut(units)
                .activation(Activations.of(activation))
                .weightInit(kernelInit.weights())
                .biasInit(biasConstant == null ? 0 : biasConstant) // other initialisers: initialize()
                .build();
    }

    @Override
    public FastLayer fastLayer(int[] inputShape, long seed) {
        Act act = Act.of(activation);
        if (act == null) {
            throw new UnsupportedOperationException(this + ": the fast engine has no " + activation);
        }
        return new DenseKernel(Shapes.flatWidth(inputShape, toString()), units, act);
    }

    @Override
    public void initialize(org.deeplearning4j.nn.api.Layer dl4j) {
        if (biasInit.constant() == null) {
            INDArray bias = dl4j.getParam("b");
            bias.assign(biasInit.weights().init(1, bias.length(), bias.shape(), 'c', bias.dup()));
        }
    }

    @Override
    public Map<String, String> config() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("units", String.valueOf(units));
        config.put("activation", activation);
        if (inputDim != null) {
            config.put("input_dim", String.valueOf(inputDim));
        }
        config.put("kernel_initializer", kernelInit.toString());
        config.put("bias_initializer", biasInit.toString());
        return config;
    }

    public static Dense fromConfig(Map<String, String> config) {
        Dense dense = new Dense(Integer.parseInt(config.get("units")), config.get("activation"))
                .kernelInit(Init.of(config.getOrDefault("kernel_initializer", "glorot_uniform")))
                .biasInit(Init.of(config.getOrDefault("bias_initializer", "zeros")));
        return config.containsKey("input_dim") ? dense.inputDim(Integer.parseInt(config.get("input_dim"))) : dense;
    }

    /** Keras' kernel [inputs, units] (DL4J keeps the same matrix) and bias [units]. */
    @Override
    public Map<String, INDArray> weights(org.deeplearning4j.nn.api.Layer dl4j) {
        return Map.of("kernel:0", dl4j.getParam("W").dup('c'), "bias:0", dl4j.getParam("b").dup('c').reshape(units));
    }

    @Override
    public void setWeights(org.deeplearning4j.nn.api.Layer dl4j, Map<String, INDArray> weights) {
        dl4j.getParam("W").assign(weights.get("kernel:0"));
        dl4j.getParam("b").assign(weights.get("bias:0").reshape(dl4j.getParam("b").shape()));
    }

    @Override
    public String toString() {
        return "Dense(" + units + ", \"" + activation + "\")";
    }
}
