package cuaderno.nn;

import cuaderno.eval.NativeMemory;
import cuaderno.nn.engine.Dl4jEngine;
import cuaderno.nn.engine.Engine;
import cuaderno.nn.engine.FastEngine;
import cuaderno.nn.engine.FastLayer;
import cuaderno.nn.io.Hdf5Weights;
import cuaderno.nn.io.ModelFile;
import cuaderno.plot.HeatMap;
import cuaderno.plot.Plot;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A stack of layers, as Keras' {@code Sequential}, trained by DeepLearning4J:
 * <pre>
 * Sequential model = new Sequential(
 *         new Dense(100, "relu").inputDim(784),
 *         new Dense(10, "softmax"));
 * model.compile(Optimizer.sgd(), "sparse_categorical_crossentropy");
 * model.summary();                                   // 79,510 parameters, as Keras counts them
 * History history = model.fit(x, y, Fit.epochs(10));
 * Scores test = model.evaluate(xTest, yTest);         // loss: 0.2903 - accuracy: 0.9187
 * </pre>
 */
public final class Sequential {

    private final List<Layer> layers = new ArrayList<>();
    private Optimizer optimizer;
    private Loss loss;
    private boolean accuracy;
    private long seed = 42;
    private MultiLayerNetwork network;
    private int[] inputShape; // one example's, once known: declared by the first layer or taken from the first data
    private Training training; // the fit under way, if any

    public Sequential(Layer... layers) {
        for (Layer layer : layers) {
            add(layer);
        }
    }

    public Sequential add(Layer layer) {
        if (network != null) {
            throw new ModelError("the model is already built (compiled and used); make a new Sequential to change it");
        }
        layers.add(Objects.requireNonNull(layer, "layer"));
        return this;
    }

    /** Seed for the initial weights, so a run can be repeated exactly. */
    public Sequential seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** As Keras' {@code compile(optimizer, loss, metrics=["accuracy"])}: metrics are "accuracy" or none. */
    public void compile(Optimizer optimizer, String loss, String... metrics) {
        compile(optimizer, Loss.of(loss), metrics);
    }

    public void compile(Optimizer optimizer, Loss loss, String... metrics) {
        boolean wantsAccuracy = false;
        for (String metric : metrics) {
            if (!metric.equalsIgnoreCase("accuracy") && !metric.equalsIgnoreCase("acc")) {
                throw new ModelError("unknown metric '" + metric + "'; the metric available is \"accuracy\"");
            }
            wantsAccuracy = true;
        }
        if (layers.isEmpty()) {
            throw new ModelError("the model has no layers: add layers before compile");
        }
        this.accuracy = wantsAccuracy;
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.loss = Objects.requireNonNull(loss, "loss");
        this.network = null;
        this.inputShape = layers.get(0).declaredInputShape();
        if (inputShape != null) {
            build();
        }
    }

    // ---------------------------------------------------------------- building

    /** The DL4J network, each Keras layer as one DL4J layer configured by the layer itself. */
    private void build() {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(optimizer.updater())
                .list();
        int[] shape = inputShape;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            list.layer(i, layer.toDl4j(shape, i == layers.size() - 1 ? loss : null, layerSeed(i)));
            shape = layer.outputShape(shape);
        }
        list.setInputType(inputShape.length == 1 ? InputType.feedForward(inputShape[0])
                : InputType.recurrent(inputShape[1], inputShape[0], RNNFormat.NWC));
        // Keras lets a linear output meet a cross-entropy loss (seed 004 shows the NaN that follows); DL4J would refuse
        list.validateOutputLayerConfig(false);
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        checkMemory();
        net.init();
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).initialize(net.getLayer(i));
        }
        float initialState = optimizer.rule().initialState();
        if (initialState != 0) {
            net.getUpdater().getStateViewArray().assign(initialState);
        }
        this.network = net;
    }

    /**
     * Refuses, before DL4J allocates anything, a model whose weights the kernel's native memory cannot hold: DL4J's
     * network keeps the weights, their gradients and the optimiser's state, and the training engine its own copy of
     * the weights and gradients.
     */
    private void checkMemory() {
        List<LayerInfo> infos = layerInfos();
        LayerInfo biggest = infos.stream().max(java.util.Comparator.comparingLong(LayerInfo::params)).orElseThrow();
        long params = infos.stream().mapToLong(LayerInfo::params).sum();
        long bytes = (4L + optimizer.rule().stateNames().size()) * params * Float.BYTES;
        String where = biggest.params() == params ? " in " + biggest.layer()
                : String.format(Locale.ROOT, ", %,d of them in %s", biggest.params(), biggest.layer());
        NativeMemory.require(bytes, "Training this model", String.format(Locale.ROOT,
                "%,d weights%s, each with its gradient, %s's state and the training engine's copy",
                params, where, optimizer.name()));
    }

    /** Layer i's own seed (its dropout masks), the same for DL4J and for the fast engine. */
    private long layerSeed(int i) {
        return seed + 1_000_003L * (i + 1);
    }

    /** The network, built on the first data when the first layer did not declare its input shape. */
    MultiLayerNetwork network(INDArray x) {
        if (optimizer == null) {
            throw new ModelError("compile the model first: model.compile(Optimizer.sgd(), \"sparse_categorical_crossentropy\")");
        }
        int[] shape = Shapes.ofExamples(x);
        if (inputShape == null) {
            inputShape = shape;
        } else if (!Shapes.fits(inputShape, shape)) {
            throw new ModelError(inputMismatch(x));
        }
        if (network == null) {
            build();
        }
        return network();
    }

    private String inputMismatch(INDArray x) {
        String actual = Arrays.toString(x.shape());
        if (inputShape.length == 1 && x.rank() == 2) {
            return "the data has " + x.size(1) + " columns but the model takes inputs of width " + inputShape[0]
                    + ": flatten images to rows of 784 (digits.pixels()) or change inputDim";
        }
        if (inputShape.length == 1) {
            return "the inputs have shape " + actual + " but the model takes rows " + Shapes.text(inputShape)
                    + ": flatten images to rows of 784 (digits.pixels(), digits.scaled())";
        }
        return "the inputs have shape " + actual + " but the model takes sequences " + Shapes.text(inputShape)
                + " as Keras does: [examples, time steps, features] (digits.sequences() gives [n, 28, 28])";
    }

    // ---------------------------------------------------------------- summary

    /** One layer as Keras lists it: its name (dense, dense_1...), output shape and parameter count. */
    private record LayerInfo(Layer layer, String name, int[] outputShape, long params) {
    }

    /** Keras' view of the layers, walked once from the input shape. */
    private List<LayerInfo> layerInfos() {
        if (inputShape == null && !layers.isEmpty()) {
            inputShape = layers.get(0).declaredInputShape();
        }
        if (inputShape == null) {
            throw new ModelError("the input shape is not known yet: give the first layer .inputDim(784) (or an LSTM"
                    + " .inputShape(28, 28)), or call fit first");
        }
        List<LayerInfo> infos = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        int[] shape = inputShape;
        for (Layer layer : layers) {
            String base = layer.typeName().toLowerCase(Locale.ROOT);
            int n = seen.merge(base, 1, Integer::sum) - 1;
            long params = layer.countParams(shape);
            shape = layer.outputShape(shape);
            infos.add(new LayerInfo(layer, n == 0 ? base : base + "_" + n, shape, params));
        }
        return infos;
    }

    /** Parameters as Keras counts them: weights and biases of every layer. */
    public long countParams() {
        return layerInfos().stream().mapToLong(LayerInfo::params).sum();
    }

    /** Prints Keras' summary table: layers, output shapes, parameter counts. */
    public void summary() {
        System.out.print(summaryText());
    }

    String summaryText() {
        List<LayerInfo> infos = layerInfos();
        String rule = "_".repeat(65) + "\n";
        String thick = "=".repeat(65) + "\n";
        StringBuilder out = new StringBuilder("Model: \"sequential\"\n").append(rule);
        out.append(String.format(Locale.ROOT, " %-27s %-25s %-10s%n", "Layer (type)", "Output Shape", "Param #"));
        out.append(thick);
        for (LayerInfo info : infos) {
            out.append(String.format(Locale.ROOT, " %-27s %-25s %-10s%n", info.name() + " (" + info.layer().typeName() + ")",
                    Shapes.text(info.outputShape()), String.valueOf(info.params())));
        }
        long total = infos.stream().mapToLong(LayerInfo::params).sum();
        out.append(thick);
        out.append(String.format(Locale.ROOT, "Total params: %,d%nTrainable params: %,d%nNon-trainable params: 0%n", total, total));
        if (optimizer != null) {
            out.append("Trained by: ").append(engineDescription()).append('\n');
        }
        out.append(rule);
        return out.toString();
    }

    // ---------------------------------------------------------------- training

    public History fit(INDArray x, INDArray y, int epochs, int batchSize) {
        return fit(x, y, Fit.epochs(epochs).batchSize(batchSize));
    }

    /**
     * Trains; stops early (keeping the weights and returning the history so far) when the loss becomes NaN or
     * the kernel is interrupted.
     */
    public History fit(INDArray x, INDArray y, Fit fit) {
        // this loop checks for interrupts after every batch: the kernel must never force-stop it mid-update
        try (var section = cuaderno.eval.CellGuard.cooperative()) {
            return train(x, y, fit);
        }
    }

    private History train(INDArray x, INDArray y, Fit fit) {
        checkRows(x, y);
        MultiLayerNetwork net = network(x);
        INDArray labels = labels(y, "fit");
        INDArray trainX = x;
        INDArray trainY = labels;
        Training.Validation validation = null;
        if (fit.validationX != null) {
            checkRows(fit.validationX, fit.validationY);
            network(fit.validationX);
            INDArray valX = fit.validationX;
            INDArray valY = labels(fit.validationY, "validationData");
            validation = () -> evaluate(network(), valX, valY);
        } else if (fit.validationSplit > 0) {
            long n = x.size(0);
            long split = n - (long) (n * fit.validationSplit);
            trainX = x.get(NDArrayIndex.interval(0, split));
            trainY = labels.get(NDArrayIndex.interval(0, split));
            INDArray valX = x.get(NDArrayIndex.interval(split, n));
            INDArray valY = labels.get(NDArrayIndex.interval(split, n));
            validation = () -> evaluate(network(), valX, valY);
        }
        int rows = (int) trainX.size(0);
        try (Engine engine = engine(net, trainX, trainY, Math.min(fit.batchSize, rows))) {
            training = new Training(this, engine, rows, validation, fit, accuracy);
            return training.run();
        } finally {
            training = null;
        }
    }

    /**
     * Ends a {@code fit} under way after its current batch, keeping the weights (Keras' {@code model.stop_training =
     * True}): what a callback calls. The epoch ends as usual, without validation if it was cut short.
     */
    public void stopTraining(String reason) {
        if (training == null) {
            throw new ModelError("stopTraining ends a fit under way: call it from a callback (Fit.callbacks)");
        }
        training.stop(Objects.requireNonNull(reason, "reason"));
    }

    /**
     * The engine for this fit: the fast engine when every layer has a fast step, else DL4J's fit, which says why.
     * {@code -Dcuaderno.training=dl4j} sends every model through DL4J, to compare the two.
     */
    private Engine engine(MultiLayerNetwork net, INDArray x, INDArray labels, int maxBatch) {
        String why;
        try {
            List<FastLayer> fast = fastLayers(Shapes.ofExamples(x));
            return new FastEngine(net, fast, loss.objective(), optimizer.rule(), x, labels, accuracy, maxBatch);
        } catch (UnsupportedOperationException e) {
            why = e.getMessage();
        }
        return new Dl4jEngine(net, x, labels, accuracy, this::correctCount, why);
    }

    /** The engine fit would train with on these rows, or DL4J's fit when {@code dl4j} (to compare the two). */
    Engine trainingEngine(INDArray x, INDArray y, int maxBatch, boolean dl4j) {
        MultiLayerNetwork net = network(x);
        INDArray labels = labels(y, "fit");
        return dl4j ? new Dl4jEngine(net, x, labels, accuracy, this::correctCount, "the reference")
                : engine(net, x, labels, maxBatch);
    }

    /** Each layer's fast step for this input shape; an UnsupportedOperationException says why there is none. */
    private List<FastLayer> fastLayers(int[] shape) {
        if ("dl4j".equalsIgnoreCase(System.getProperty("cuaderno.training"))) {
            throw new UnsupportedOperationException("-Dcuaderno.training=dl4j");
        }
        List<FastLayer> fast = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            fast.add(layers.get(i).fastLayer(shape, layerSeed(i)));
            shape = layers.get(i).outputShape(shape);
        }
        return fast;
    }

    /** Which engine trains this model (for its summary), before any fit. */
    private String engineDescription() {
        try {
            fastLayers(inputShape);
            return "Cuaderno's fast engine";
        } catch (UnsupportedOperationException e) {
            return "DL4J's fit (" + e.getMessage() + ")";
        }
    }

    /** Loss and accuracy on test data, as Keras' {@code evaluate}: prints {@code loss: 0.2903 - accuracy: 0.9187}. */
    public Scores evaluate(INDArray x, INDArray y) {
        checkRows(x, y);
        MultiLayerNetwork net = network(x);
        double[] scores = evaluate(net, x, labels(y, "evaluate"));
        return new Scores(scores[0], scores[1], accuracy);
    }

    private double[] evaluate(MultiLayerNetwork net, INDArray x, INDArray labels) {
        double score = net.score(new org.nd4j.linalg.dataset.DataSet(x, labels), false);
        INDArray output = net.output(x, false);
        return new double[]{score, correctCount(output, labels) / (double) x.size(0)};
    }

    /** The model's outputs for each example of {@code x} (class probabilities after a softmax); one example alone too. */
    public INDArray predict(INDArray x) {
        int[] shape = inputShape != null ? inputShape : layers.isEmpty() ? null : layers.get(0).declaredInputShape();
        if (shape != null && x.rank() == shape.length) {
            long[] one = new long[x.rank() + 1];
            one[0] = 1;
            System.arraycopy(x.shape(), 0, one, 1, x.rank());
            x = x.reshape(one);
        }
        return network(x).output(x, false);
    }

    /**
     * How the model's answers on {@code x} compare with the true labels {@code y} (digits or one-hot): rows are
     * the true classes, columns the predicted ones.
     */
    public HeatMap confusionMatrix(INDArray x, INDArray y) {
        checkRows(x, y);
        return Plot.confusionMatrix(y, predict(x));
    }

    /** Keras' summary table, which is also how a model shows when a cell ends with it. */
    @Override
    public String toString() {
        return summaryText();
    }

    // ---------------------------------------------------------------- files

    /**
     * Saves the trained model (architecture, weights, optimiser state) to one file, DL4J's zip with the model's
     * Keras-level description inside, to load with {@link #load}.
     */
    public void save(Path file) throws IOException {
        ModelFile.write(file, network(), describe());
    }

    public void save(String file) throws IOException {
        save(Path.of(file));
    }

    /** A model saved with {@link #save}, ready to predict, evaluate or train further. */
    public static Sequential load(Path file) throws IOException {
        ModelFile.Contents contents = ModelFile.read(file);
        Sequential model = Describe.parse(contents.description());
        model.network = contents.network();
        return model;
    }

    public static Sequential load(String file) throws IOException {
        return load(Path.of(file));
    }

    /** Saves the weights to HDF5 in Keras' layout (Keras' {@code model.save_weights("weights.h5")}). */
    public void saveWeights(Path file) {
        Hdf5Weights.save(file, layerWeights());
    }

    public void saveWeights(String file) {
        saveWeights(Path.of(file));
    }

    /** Loads weights saved by {@link #saveWeights} (or by Keras) into this compiled model of the same architecture. */
    public void loadWeights(Path file) {
        if (network == null && optimizer != null && layers.get(0).declaredInputShape() != null) {
            inputShape = layers.get(0).declaredInputShape();
            build();
        }
        List<Hdf5Weights.LayerWeights> read;
        try {
            read = Hdf5Weights.load(file, layerWeights());
        } catch (IllegalArgumentException e) {
            throw new ModelError(e.getMessage());
        }
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).setWeights(network().getLayer(i), read.get(i).weights());
        }
    }

    public void loadWeights(String file) {
        loadWeights(Path.of(file));
    }

    /** Each layer's weights in Keras' layout, under Keras' layer names (dense, dense_1, lstm...). */
    private List<Hdf5Weights.LayerWeights> layerWeights() {
        MultiLayerNetwork net = network();
        List<LayerInfo> infos = layerInfos();
        List<Hdf5Weights.LayerWeights> weights = new ArrayList<>();
        for (int i = 0; i < infos.size(); i++) {
            weights.add(new Hdf5Weights.LayerWeights(infos.get(i).name(), layers.get(i).weights(net.getLayer(i))));
        }
        return weights;
    }

    /** The Keras-level description (layers, optimiser, loss) saved inside a model's file. */
    String describe() {
        return Describe.of(layers, inputShape, optimizer, loss, accuracy, seed);
    }

    void restore(int[] inputShape, Optimizer optimizer, Loss loss, boolean accuracy) {
        this.inputShape = inputShape;
        this.optimizer = optimizer;
        this.loss = loss;
        this.accuracy = accuracy;
    }

    /** The DL4J network underneath, for what this API does not cover (current also while fit runs). */
    public MultiLayerNetwork network() {
        if (network == null) {
            throw new ModelError("the model is built on compile (with inputDim) or on the first fit");
        }
        if (training != null) {
            training.sync();
        }
        return network;
    }

    // ---------------------------------------------------------------- data checks

    private long correctCount(INDArray output, INDArray labels) {
        if (output.columns() < 2) {
            return 0;
        }
        INDArray predicted = output.argMax(1);
        INDArray truth = loss.sparse() ? labels.reshape(labels.rows()) : labels.argMax(1);
        return predicted.castTo(DataType.FLOAT).eq(truth.castTo(DataType.FLOAT)).castTo(DataType.INT).sumNumber().longValue();
    }

    /** Labels in the shape DL4J wants, checked against the output layer. */
    private INDArray labels(INDArray y, String where) {
        int outputs = outputUnits();
        if (loss.sparse()) {
            if (y.rank() > 2 || (y.rank() == 2 && y.columns() != 1)) {
                throw new ModelError(where + ": sparse_categorical_crossentropy takes one label per row (digits 0.."
                        + (outputs - 1) + "), but the labels have shape " + Arrays.toString(y.shape())
                        + "; for one-hot labels use categorical_crossentropy");
            }
            double min = y.minNumber().doubleValue();
            double max = y.maxNumber().doubleValue();
            if (min < 0 || max > outputs - 1) {
                throw new ModelError(where + ": labels go from " + (long) min + " to " + (long) max + ", but the last layer has "
                        + outputs + " units, so labels must be 0.." + (outputs - 1));
            }
            return y.reshape(y.length(), 1).castTo(DataType.FLOAT);
        }
        if (y.rank() != 2 || y.columns() != outputs) {
            throw new ModelError(where + ": the labels have shape " + Arrays.toString(y.shape())
                    + " but the last layer has " + outputs + " units; for " + loss + " give one column per unit"
                    + (loss == Loss.CATEGORICAL_CROSSENTROPY ? " (one-hot), or use sparse_categorical_crossentropy for digit labels" : ""));
        }
        return y.castTo(DataType.FLOAT);
    }

    private int outputUnits() {
        List<LayerInfo> infos = layerInfos();
        return infos.get(infos.size() - 1).outputShape()[0];
    }

    private void checkRows(INDArray x, INDArray y) {
        if (x == null || y == null) {
            throw new ModelError("fit/evaluate need both inputs and labels");
        }
        if (x.size(0) != y.size(0)) {
            throw new ModelError("there are " + x.size(0) + " examples but " + y.size(0) + " labels");
        }
    }
}
