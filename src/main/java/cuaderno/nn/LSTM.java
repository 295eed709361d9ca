package cuaderno.nn;

import cuaderno.nn.engine.FastLayer;
import cuaderno.nn.engine.LstmKernel;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras' {@code LSTM(units)}: a recurrent layer that reads a sequence and returns its last output. Forget-gate bias
 * starts at 1.0 (as Keras' {@code unit_forget_bias} and TF1's {@code forget_bias=1.0}), tanh output, sigmoid gates.
 * Its input is Keras' {@code [examples, time steps, features]}: {@code digits.sequences()} gives the 28 rows of each
 * digit as 28 steps of 28 features, {@code [n, 28, 28]}.
 */
public final class LSTM implements Layer {

    /** Keras' gate k (i, f, c, o) is DL4J's gate KERAS_FROM_DL4J[k] (DL4J keeps c, f, o, i); and back. */
    private static final int[] KERAS_FROM_DL4J = {3, 1, 0, 2};
    private static final int[] DL4J_FROM_KERAS = {2, 1, 3, 0};

    private final int units;
    private final int steps;     // -1: any number of steps
    private final int features;  // -1: not declared

    public LSTM(int units) {
        this(units, -1, -1);
    }

    private LSTM(int units, int steps, int features) {
        if (units <= 0) {
            throw new ModelError("an LSTM layer needs at least one unit, not " + units);
        }
        this.units = units;
        this.steps = steps;
        this.features = features;
    }

    /** Keras' {@code input_shape=(time steps, features)}: the data must be {@code [examples, timeSteps, features]}. */
    public LSTM inputShape(int timeSteps, int features) {
        if (timeSteps <= 0 || features <= 0) {
            throw new ModelError("inputShape takes positive time steps and features, not (" + timeSteps + ", " + features + ")");
        }
        return new LSTM(units, timeSteps, features);
    }

    /** Keras' {@code input_dim}: the features per time step, with any number of steps. */
    public LSTM inputDim(int features) {
        if (features <= 0) {
            throw new ModelError("inputDim (features per time step) must be positive, not " + features);
        }
        return new LSTM(units, -1, features);
    }

    public int units() {
        return units;
    }

    @Override
    public String typeName() {
        return "LSTM";
    }

    @Override
    public int[] declaredInputShape() {
        return features < 0 ? null : new int[]{steps, features};
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        features(inputShape);
        return new int[]{units};
    }

    private int features(int[] inputShape) {
        if (inputShape.length != 2) {
            throw new ModelError("LSTM(" + units + ") reads sequences (None, time steps, features), but its input is "
                    + Shapes.text(inputShape) + ": give it [examples, time steps, features] (digits.sequences() gives"
                    + " [n, 28, 28]) and declare inputShape(timeSteps, features)");
        }
        return inputShape[1];
    }

    /** Keras' count: four gates, each with input weights, recurrent weights and a bias. */
    @Override
    public long countParams(int[] inputShape) {
        return 4L * (units * ((long) features(inputShape) + units) + units);
    }

    @Override
    public org.deeplearning4j.nn.conf.layers.Layer toDl4j(int[] inputShape, Loss lossIfLast, long seed) {
        if (lossIfLast != null) {
            throw new ModelError("the last layer gives the model's output, and an LSTM's is its hidden state: end with"
                    + " a Dense layer, e.g. new Dense(10, \"softmax\")");
        }
        return new LastTimeStep(new org.deeplearning4j.nn.conf.layers.LSTM.Builder()
                .nIn(features(inputShape)).nOut(units)
                .dataFormat(RNNFormat.NWC) // Keras' [examples, steps, features]
                .activation(org.nd4j.linalg.activations.Activation.TANH)
                .gateActivationFunction(org.nd4j.linalg.activations.Activation.SIGMOID)
                .forgetGateBiasInit(1.0)
                .weightInit(Init.glorotUniform().weights())
                .build());
    }

    @Override
    public FastLayer fastLayer(int[] inputShape, long seed) {
        return new LstmKernel(inputShape[0], features(inputShape), units);
    }

    @Override
    public Map<String, String> config() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("units", String.valueOf(units));
        if (features > 0) {
            config.put("input_shape", steps + "," + features);
        }
        return config;
    }

    public static LSTM fromConfig(Map<String, String> config) {
        LSTM lstm = new LSTM(Integer.parseInt(config.get("units")));
        String shape = config.get("input_shape");
        if (shape == null) {
            return lstm;
        }
        String[] sizes = shape.split(",");
        int steps = Integer.parseInt(sizes[0]);
        int features = Integer.parseInt(sizes[1]);
        return steps < 0 ? lstm.inputDim(features) : lstm.inputShape(steps, features);
    }

    /** Keras' kernel [features, 4 units], recurrent_kernel [units, 4 units] and bias [4 units], gates i, f, c, o. */
    @Override
    public Map<String, INDArray> weights(org.deeplearning4j.nn.api.Layer dl4j) {
        return Map.of("kernel:0", gates(dl4j.getParam("W"), KERAS_FROM_DL4J),
                "recurrent_kernel:0", gates(dl4j.getParam("RW"), KERAS_FROM_DL4J),
                "bias:0", gates(dl4j.getParam("b"), KERAS_FROM_DL4J).reshape(4L * units));
    }

    @Override
    public void setWeights(org.deeplearning4j.nn.api.Layer dl4j, Map<String, INDArray> weights) {
        for (String[] names : new String[][]{{"W", "kernel:0"}, {"RW", "recurrent_kernel:0"}, {"b", "bias:0"}}) {
            INDArray target = dl4j.getParam(names[0]);
            target.assign(gates(weights.get(names[1]).reshape(target.shape()), DL4J_FROM_KERAS));
        }
    }

    /** The four gate blocks of an array's columns ([rows, 4 × units]) in another order. */
    private static INDArray gates(INDArray value, int[] from) {
        long n = value.size(value.rank() - 1) / 4;
        INDArray out = value.dup('c');
        for (int k = 0; k < 4; k++) {
            out.get(NDArrayIndex.all(), NDArrayIndex.interval(k * n, (k + 1) * n))
                    .assign(value.get(NDArrayIndex.all(), NDArrayIndex.interval(from[k] * n, (from[k] + 1) * n)));
        }
        return out;
    }

    @Override
    public String toString() {
        return "LSTM(" + units + ")";
    }
}
