package cuaderno.nn;

import cuaderno.data.Permutation;
import cuaderno.plot.HeatMap;
import cuaderno.plot.Plot;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A stack of layers, as Keras' {@code Sequential}, trained by DeepLearning4J:
 * <pre>
 * Sequential model = new Sequential(
 *         new Dense(100, "relu").inputDim(784),
 *         new Dense(10, "softmax"));
 * model.compile(Optimizer.sgd(), "sparse_categorical_crossentropy");
 * model.summary();                                   // 79,510 parameters, as Keras counts them
 * History history = model.fit(x, y, Fit.epochs(10));
 * double[] lossAndAccuracy = model.evaluate(xTest, yTest);
 * </pre>
 */
public final class Sequential {

    private final List<Layer> layers = new ArrayList<>();
    private Optimizer optimizer;
    private Loss loss;
    private boolean accuracy;
    private long seed = 42;
    private MultiLayerNetwork network;
    private int inputWidth = -1;

    public Sequential(Layer... layers) {
        for (Layer layer : layers) {
            add(layer);
        }
    }

    public Sequential add(Layer layer) {
        if (network != null) {
            throw new ModelError("the model is already built (compiled and used); make a new Sequential to change it");
        }
        layers.add(java.util.Objects.requireNonNull(layer, "layer"));
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
        this.accuracy = wantsAccuracy;
        if (layers.isEmpty() || layers.stream().noneMatch(l -> l instanceof Dense)) {
            // a model ends in a Dense layer that gives its output
            throw new ModelError("the model has no Dense layer: add layers before compile");
        }
        if (layers.get(layers.size() - 1) instanceof Dropout) {
            throw new ModelError("the last layer is a Dropout: a model ends with the layer that gives its output");
        }
        this.optimizer = java.util.Objects.requireNonNull(optimizer, "optimizer");
        this.loss = java.util.Objects.requireNonNull(loss, "loss");
        this.network = null;
        Integer width = firstInputDim();
        if (width != null) {
            build(width);
        }
    }

    // ---------------------------------------------------------------- building

    private void build(int width) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(optimizer.updater())
                .list();
        int in = width;
        double keep = 1.0;
        int index = 0;
        List<Integer> randomBiasLayers = new ArrayList<>();
        List<Init> randomBiasInits = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            boolean last = i == layers.size() - 1;
            if (layer instanceof Dropout d) {
                keep *= 1 - d.rate();
            } else if (layer instanceof Dense dense) {
                var builder = last
                        ? new OutputLayer.Builder(loss.function())
                        : new DenseLayer.Builder();
                builder.nIn(in).nOut(dense.units())
                        .activation(Activations.of(dense.activation()))
                        .weightInit(dense.kernelInit().weights());
                Double biasConstant = dense.biasInit().constant();
                builder.biasInit(biasConstant == null ? 0 : biasConstant);
                if (biasConstant == null) {
                    randomBiasLayers.add(index);
                    randomBiasInits.add(dense.biasInit());
                }
                if (keep < 1) {
                    builder.dropOut(keep); // DL4J takes the probability of keeping an input
                }
                list.layer(index++, builder.build());
                in = dense.units();
                keep = 1.0;
            } else if (layer instanceof LSTM lstm) {
                var recurrent = new org.deeplearning4j.nn.conf.layers.LSTM.Builder()
                        .nIn(in).nOut(lstm.units())
                        .activation(org.nd4j.linalg.activations.Activation.TANH)
                        .gateActivationFunction(org.nd4j.linalg.activations.Activation.SIGMOID)
                        .forgetGateBiasInit(1.0)
                        .weightInit(Init.glorotUniform().weights());
                if (keep < 1) {
                    recurrent.dropOut(keep);
                }
                list.layer(index++, new org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep(recurrent.build()));
                in = lstm.units();
                keep = 1.0;
            } else if (layer instanceof Activation activation) {
                var fn = Activations.of(activation.name());
                list.layer(index++, last
                        ? new LossLayer.Builder(loss.function()).activation(fn).build()
                        : new ActivationLayer.Builder().activation(fn).build());
            }
        }
        // Keras lets a linear output meet a cross-entropy loss (seed 004 shows the NaN that follows); DL4J would refuse
        list.validateOutputLayerConfig(false);
        MultiLayerConfiguration conf = list.build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        for (int k = 0; k < randomBiasLayers.size(); k++) {
            INDArray bias = net.getLayer(randomBiasLayers.get(k)).getParam("b");
            bias.assign(randomBiasInits.get(k).weights().init(1, bias.length(), bias.shape(), 'c', bias.dup()));
        }
        if (optimizer.initialState() != 0) {
            net.getUpdater().getStateViewArray().assign(optimizer.initialState());
        }
        this.network = net;
        this.inputWidth = width;
    }

    private MultiLayerNetwork network(int width) {
        if (optimizer == null) {
            throw new ModelError("compile the model first: model.compile(Optimizer.sgd(), \"sparse_categorical_crossentropy\")");
        }
        if (network == null) {
            build(width);
        } else if (width != inputWidth) {
            throw new ModelError("the data has " + width + " columns but the model takes inputs of width " + inputWidth
                    + ": flatten images to rows of 784 (digits.pixels()) or change inputDim");
        }
        return network;
    }

    // ---------------------------------------------------------------- summary

    /** One layer as Keras lists it: its name (dense, dense_1...), output width and parameter count. */
    private record LayerInfo(Layer layer, String name, int units, long params) {
    }

    /** Keras' view of the layers, walked once from the input width. */
    private List<LayerInfo> layerInfos() {
        Integer width = firstInputDim();
        if (width == null) {
            throw new ModelError("the input width is not known yet: give the first layer .inputDim(784), or call fit first");
        }
        List<LayerInfo> infos = new ArrayList<>();
        java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        int in = width;
        for (Layer layer : layers) {
            String base = layer.typeName().toLowerCase(Locale.ROOT);
            int n = seen.merge(base, 1, Integer::sum) - 1;
            long params = 0;
            if (layer instanceof Dense d) {
                params = (long) in * d.units() + d.units();
                in = d.units();
            } else if (layer instanceof LSTM l) {
                params = l.params(in);
                in = l.units();
            }
            infos.add(new LayerInfo(layer, n == 0 ? base : base + "_" + n, in, params));
        }
        return infos;
    }

    /** Parameters as Keras counts them: weights and biases of every layer. */
    public long countParams() {
        return layerInfos().stream().mapToLong(LayerInfo::params).sum();
    }

    private Integer firstInputDim() {
        if (inputWidth > 0) {
            return inputWidth;
        }
        for (Layer layer : layers) {
            if (layer instanceof Dense d) {
                return d.inputDimOrNull();
            }
            if (layer instanceof LSTM l) {
                return l.featuresOrNull();
            }
        }
        return null;
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
                    "(None, " + info.units() + ")", String.valueOf(info.params())));
        }
        long total = infos.stream().mapToLong(LayerInfo::params).sum();
        out.append(thick);
        out.append(String.format(Locale.ROOT, "Total params: %,d%nTrainable params: %,d%nNon-trainable params: 0%n", total, total));
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
        MultiLayerNetwork net = network(features(x));
        INDArray labels = labels(y, "fit");
        INDArray trainX = x;
        INDArray trainY = labels;
        INDArray valX = null;
        INDArray valY = null;
        if (fit.validationData != null) {
            valX = (INDArray) fit.validationData[0];
            checkRows(valX, (INDArray) fit.validationData[1]);
            valY = labels((INDArray) fit.validationData[1], "validationData");
        } else if (fit.validationSplit > 0) {
            long n = x.size(0);
            long split = n - (long) (n * fit.validationSplit);
            trainX = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, split));
            trainY = labels.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, split));
            valX = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(split, n));
            valY = labels.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(split, n));
        }
        int rows = (int) trainX.size(0);
        int steps = (rows + fit.batchSize - 1) / fit.batchSize;
        History history = new History();
        Progress progress = new Progress(fit.epochs, steps, fit.verbose);
        Random random = new Random(fit.seed);
        Trainer trainer = trainer(net, trainX, trainY, Math.min(fit.batchSize, rows));
        double best = Double.POSITIVE_INFINITY;
        int epochsWithoutImprovement = 0;
        training:
        for (int epoch = 1; epoch <= fit.epochs; epoch++) {
            long started = System.nanoTime();
            progress.startEpoch();
            int[] order = fit.shuffle ? Permutation.of(rows, random) : Permutation.identity(rows);
            double lossSum = 0;
            long correct = 0;
            long seen = 0;
            for (int step = 0; step < steps; step++) {
                int from = step * fit.batchSize;
                int to = Math.min(rows, from + fit.batchSize);
                int[] batch = java.util.Arrays.copyOfRange(order, from, to);
                double batchLoss = trainer.step(batch);
                long batchCorrect = accuracy ? trainer.correct() : 0;
                correct += batchCorrect;
                if (fit.recordSteps) {
                    history.addStep(new History.Step(epoch, step + 1, batchLoss,
                            accuracy ? batchCorrect / (double) (to - from) : Double.NaN));
                }
                lossSum += batchLoss * (to - from);
                seen += to - from;
                if (Double.isNaN(batchLoss) || Double.isInfinite(batchLoss)) {
                    String reason = String.format(Locale.ROOT, "Training stopped at epoch %d, step %d: the loss became %s."
                                    + " The weights are no longer numbers; usually the outputs are not probabilities"
                                    + " (no softmax before a cross-entropy loss) or the learning rate is too high.",
                            epoch, step + 1, Double.isNaN(batchLoss) ? "NaN" : "infinite");
                    history.add(new History.Epoch(epoch, Double.NaN, accuracy ? correct / (double) seen : Double.NaN, Double.NaN, Double.NaN,
                            (System.nanoTime() - started) / 1e9));
                    history.stopped(reason);
                    progress.message(reason);
                    break training;
                }
                if (Thread.currentThread().isInterrupted()) {
                    Thread.interrupted();
                    String reason = "Training interrupted at epoch " + epoch + ", step " + (step + 1)
                            + ": the model keeps the weights it has; this history holds the epochs before.";
                    history.stopped(reason);
                    progress.message(reason);
                    break training;
                }
                progress.step(epoch, step + 1, lossSum / seen, accuracy ? correct / (double) seen : Double.NaN);
            }
            double valLoss = Double.NaN;
            double valAccuracy = Double.NaN;
            if (valX != null) {
                double[] val = evaluate(net, valX, valY);
                valLoss = val[0];
                valAccuracy = accuracy ? val[1] : Double.NaN;
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            History.Epoch record = new History.Epoch(epoch, lossSum / seen, accuracy ? correct / (double) seen : Double.NaN,
                    valLoss, valAccuracy, seconds);
            history.add(record);
            progress.endEpoch(String.format(Locale.ROOT, "Epoch %d/%d - %s - loss: %.4f", epoch, fit.epochs,
                    Progress.seconds(seconds), record.loss())
                    + (accuracy ? String.format(Locale.ROOT, " - accuracy: %.4f", record.accuracy()) : "")
                    + (valX == null ? "" : String.format(Locale.ROOT, " - val_loss: %.4f", valLoss))
                    + (valX != null && accuracy ? String.format(Locale.ROOT, " - val_accuracy: %.4f", valAccuracy) : ""));
            if (fit.patience >= 0) {
                double monitored = valX != null ? valLoss : record.loss();
                if (monitored < best) {
                    best = monitored;
                    epochsWithoutImprovement = 0;
                } else if (++epochsWithoutImprovement > fit.patience) {
                    String reason = String.format(Locale.ROOT, "Early stopping after epoch %d: %s has not improved on "
                            + "%.4f for %d epochs.", epoch, valX != null ? "val_loss" : "loss", best, fit.patience + 1);
                    history.stopped(reason);
                    progress.message(reason);
                    break;
                }
            }
        }
        return history;
    }

    /**
     * Plain Dense stacks (the course's models) train through {@link BlasTrainer}, everything else through DL4J's
     * fit; {@code -Dcuaderno.training=dl4j} sends every model through DL4J, to compare the two.
     */
    private Trainer trainer(MultiLayerNetwork net, INDArray x, INDArray labels, int maxBatch) {
        boolean dl4jOnly = "dl4j".equalsIgnoreCase(System.getProperty("cuaderno.training"));
        if (!dl4jOnly && BlasTrainer.unsupported(net) == null) {
            net.setListeners(java.util.List.of());
            return new BlasTrainer(net, x, labels, accuracy, maxBatch);
        }
        return new Dl4jTrainer(net, x, labels, accuracy, this::correctCount);
    }

    /** Loss and accuracy on test data: {@code {loss, accuracy}}. */
    public double[] evaluate(INDArray x, INDArray y) {
        checkRows(x, y);
        MultiLayerNetwork net = network(features(x));
        return evaluate(net, x, labels(y, "evaluate"));
    }

    private double[] evaluate(MultiLayerNetwork net, INDArray x, INDArray labels) {
        double score = net.score(new org.nd4j.linalg.dataset.DataSet(x, labels), false);
        INDArray output = net.output(x, false);
        return new double[]{score, correctCount(output, labels) / (double) x.size(0)};
    }

    /** The model's outputs for each row of {@code x} (class probabilities after a softmax). */
    public INDArray predict(INDArray x) {
        if (x.rank() == 1 || (x.rank() == 2 && recurrent())) {
            x = recurrent() ? x.reshape(1, x.size(0), x.size(1)) : x.reshape(1, x.length());
        }
        return network(features(x)).output(x, false);
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

    /** Saves the trained model (architecture, weights, optimiser state) in DL4J's format, to load with {@link #load}. */
    public void save(java.nio.file.Path file) throws java.io.IOException {
        org.deeplearning4j.util.ModelSerializer.writeModel(network(), file.toFile(), true);
        java.nio.file.Files.writeString(sidecar(file), describe());
    }

    /** A model saved with {@link #save}, ready to predict, evaluate or train further. */
    public static Sequential load(java.nio.file.Path file) throws java.io.IOException {
        if (!java.nio.file.Files.exists(file)) {
            throw new java.io.FileNotFoundException("no saved model at " + file.toAbsolutePath());
        }
        MultiLayerNetwork net = org.deeplearning4j.util.ModelSerializer.restoreMultiLayerNetwork(file.toFile(), true);
        Sequential model = Describe.parse(java.nio.file.Files.readString(sidecar(file)));
        model.network = net;
        model.inputWidth = (int) net.layerInputSize(0);
        return model;
    }

    private static java.nio.file.Path sidecar(java.nio.file.Path file) {
        return file.resolveSibling(file.getFileName() + ".keras.txt");
    }

    /** Saves the weights to HDF5 in Keras' layout (Keras' {@code model.save_weights("weights.h5")}). */
    public void saveWeights(java.nio.file.Path file) {
        Hdf5Weights.save(network(), dl4jLayerNames(), file);
    }

    /** Loads weights saved by {@link #saveWeights} into this (compiled, same-architecture) model. */
    public void loadWeights(java.nio.file.Path file) {
        Integer width = firstInputDim();
        if (network == null && width != null && optimizer != null) {
            build(width);
        }
        Hdf5Weights.load(network(), dl4jLayerNames(), file);
    }

    /** Keras' layer names (dense, dense_1, lstm...) of the DL4J layers, which omit Dropout. */
    private List<String> dl4jLayerNames() {
        return layerInfos().stream().filter(i -> !(i.layer() instanceof Dropout)).map(LayerInfo::name).toList();
    }

    /** The Keras-level description (layers, optimiser, loss) stored beside a saved model. */
    String describe() {
        return Describe.of(layers, optimizer, loss, accuracy, seed);
    }

    void restore(Optimizer optimizer, Loss loss, boolean accuracy) {
        this.optimizer = optimizer;
        this.loss = loss;
        this.accuracy = accuracy;
    }

    /** The DL4J network underneath, for what this API does not cover. */
    public MultiLayerNetwork network() {
        if (network == null) {
            throw new ModelError("the model is built on compile (with inputDim) or on the first fit");
        }
        return network;
    }

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
                        + (outputs - 1) + "), but the labels have shape " + java.util.Arrays.toString(y.shape())
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
            throw new ModelError(where + ": the labels have shape " + java.util.Arrays.toString(y.shape())
                    + " but the last layer has " + outputs + " units; for " + loss + " give one column per unit"
                    + (loss == Loss.CATEGORICAL_CROSSENTROPY ? " (one-hot), or use sparse_categorical_crossentropy for digit labels" : ""));
        }
        return y.castTo(DataType.FLOAT);
    }

    private int outputUnits() {
        for (int i = layers.size() - 1; i >= 0; i--) {
            if (layers.get(i) instanceof Dense d) {
                return d.units();
            }
        }
        throw new ModelError("the model has no Dense layer");
    }

    private boolean recurrent() {
        return layers.stream().anyMatch(l -> l instanceof LSTM);
    }

    /** Input width: columns of [examples, features], or features of [examples, features, time steps]. */
    private int features(INDArray x) {
        return (int) x.size(1);
    }

    private void checkRows(INDArray x, INDArray y) {
        if (x == null || y == null) {
            throw new ModelError("fit/evaluate need both inputs and labels");
        }
        if (recurrent() && x.rank() != 3) {
            throw new ModelError("the inputs have shape " + java.util.Arrays.toString(x.shape()) + "; an LSTM model"
                    + " takes sequences [examples, features, time steps] (digits.sequences() gives [n, 28, 28])");
        }
        if (!recurrent() && x.rank() != 2) {
            throw new ModelError("the inputs have shape " + java.util.Arrays.toString(x.shape())
                    + "; a Dense model takes rows of numbers [examples, features] (digits.pixels() gives [n, 784])");
        }
        if (x.size(0) != y.size(0)) {
            throw new ModelError("there are " + x.size(0) + " examples but " + y.size(0) + " labels");
        }
    }

}
