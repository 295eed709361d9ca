package cuaderno.nn;

import cuaderno.data.Digits;
import cuaderno.data.Mnist;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SequentialTest {

    private static final Mnist SAMPLE = Mnist.sample();

    @Test
    void countsParametersExactlyAsKeras() {
        assertEquals(79_510, new Sequential(new Dense(100, "relu").inputDim(784), new Dense(10, "softmax")).countParams());
        assertEquals(35_090, new Sequential(new Dense(40, "relu").inputDim(784), new Dense(40, "relu"),
                new Dense(40, "relu"), new Dense(10, "softmax")).countParams());
        assertEquals(86_610, new Sequential(new Dense(100, "sigmoid").inputDim(784), new Dense(50, "relu"),
                new Dense(50, "tanh"), new Dense(10, "softmax")).countParams());
        Sequential model = new Sequential(new Dense(512, "relu").inputDim(784), new Dropout(0.2),
                new Dense(10, "softmax"));
        model.compile(Optimizer.adam(), "sparse_categorical_crossentropy");
        assertEquals(model.countParams(), model.network().numParams(), "DL4J holds exactly the parameters Keras counts");
        String summary = model.summaryText();
        assertTrue(summary.contains("dense (Dense)") && summary.contains("dropout (Dropout)")
                && summary.contains("dense_1 (Dense)") && summary.contains("Total params: 407,050"), summary);
    }

    /**
     * DL4J warns "Assigning a size of zero" when a layer's output size is unknown to it (Activation layers, a loss
     * layer, an LSTM without an input type): every layer's output type here has its size.
     */
    @Test
    void dl4jKnowsEveryLayersSizeSoItDoesNotWarn() {
        Sequential[] models = {
                new Sequential(new Dense(20, "relu").inputDim(784), new Dense(10), new Activation("relu"), new Activation("softmax")),
                new Sequential(new LSTM(8).inputShape(28, 28), new Dropout(0.2), new Dense(10, "softmax"))};
        for (Sequential model : models) {
            java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
            java.io.PrintStream original = System.err;
            System.setErr(new java.io.PrintStream(err, true));
            try {
                model.compile(Optimizer.adam(), "sparse_categorical_crossentropy");
            } finally {
                System.setErr(original);
            }
            assertFalse(err.toString().contains("size of zero"), err.toString());
            var conf = model.network().getLayerWiseConfigurations();
            var type = model.network().getLayerWiseConfigurations().getLayerActivationTypes(
                    model.summaryText().contains("lstm") ? org.deeplearning4j.nn.conf.inputs.InputType.recurrent(28, 28,
                            org.deeplearning4j.nn.conf.RNNFormat.NWC) : org.deeplearning4j.nn.conf.inputs.InputType.feedForward(784));
            for (int i = 0; i < conf.getConfs().size(); i++) {
                assertTrue(type.get(i).arrayElementsPerExample() > 0, "layer " + i + ": " + type.get(i));
            }
        }
    }

    @Test
    void defaultsAreKeras2s() {
        assertEquals(0.01, Optimizer.sgd().learningRate());
        assertEquals(0.001, Optimizer.adam().learningRate());
        assertEquals(0.001, Optimizer.adagrad().learningRate());
        assertEquals(0.001, Optimizer.rmsprop().learningRate());
        Fit fit = Fit.epochs(1);
        assertEquals(32, fit.batchSize);
        assertTrue(fit.shuffle);
        assertEquals("glorot_uniform", new Dense(3).kernelInit().toString());
        assertEquals("zeros", new Dense(3).biasInit().toString());
    }

    @Test
    void badArgumentsFailAtOnceInUserTerms() {
        assertTrue(assertThrows(ModelError.class, () -> new Dense(0)).getMessage().contains("at least one unit"));
        assertTrue(assertThrows(ModelError.class, () -> Optimizer.sgd(-0.1)).getMessage().contains("learning rate"));
        assertTrue(assertThrows(ModelError.class, () -> new Dropout(1.0)).getMessage().contains("Dropout rate"));
        assertTrue(assertThrows(ModelError.class, () -> new Dense(3, "relux")).getMessage().contains("unknown activation"));
        Sequential model = new Sequential(new Dense(10, "softmax").inputDim(784));
        model.compile(Optimizer.sgd(), "sparse_categorical_crossentropy");
        Digits digits = SAMPLE.train().first(50);
        ModelError width = assertThrows(ModelError.class, () -> model.fit(digits.images().reshape(50, 28, 28).get(
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(0)), digits.labels(), 1, 10));
        assertTrue(width.getMessage().contains("28 columns") && width.getMessage().contains("784"), width.getMessage());
        ModelError range = assertThrows(ModelError.class, () -> model.fit(digits.pixels(), digits.labels().add(5), 1, 10));
        assertTrue(range.getMessage().contains("labels must be 0..9"), range.getMessage());
        ModelError notCompiled = assertThrows(ModelError.class,
                () -> new Sequential(new Dense(2)).fit(digits.pixels(), digits.labels(), 1, 10));
        assertTrue(notCompiled.getMessage().contains("compile the model first"));
    }

    @Test
    void learnsDigitsFromTheEmbeddedSample() {
        Sequential model = new Sequential(new Dense(100, "relu").inputDim(784), new Dense(10, "softmax")).seed(1);
        model.compile(Optimizer.adam(), "sparse_categorical_crossentropy", "accuracy");
        History history = model.fit(SAMPLE.train().scaled(), SAMPLE.train().labels(),
                Fit.epochs(10).batchSize(32).validationSplit(0.2).verbose(false));
        assertEquals(10, history.epochs().size());
        assertTrue(history.loss()[9] < history.loss()[0], "loss goes down");
        Scores test = model.evaluate(SAMPLE.test().scaled(), SAMPLE.test().labels());
        assertTrue(test.accuracy() > 0.80, "test accuracy on 1,000 real digits after 800 training digits: " + test);
        assertTrue(test.toString().matches("loss: \\d\\.\\d{4} - accuracy: 0\\.\\d{4}"), "prints as Keras: " + test);
        assertEquals(4, history.table().columnCount() - 1, "loss, accuracy, val_loss, val_accuracy");
        INDArray probabilities = model.predict(SAMPLE.test().scaled().getRow(0));
        assertArrayEquals(new long[]{1, 10}, probabilities.shape());
        assertEquals(1.0, probabilities.sumNumber().doubleValue(), 1e-4);

        var curves = history.plot();
        assertEquals(2, curves.pictures().size(), "loss and accuracy side by side");
        var accuracyChart = ((cuaderno.plot.Figure) curves.pictures().get(1)).chart();
        assertArrayEquals(history.valAccuracy(), accuracyChart.getSeriesMap().get("validation").getYData());
        var matrix = model.confusionMatrix(SAMPLE.test().scaled(), SAMPLE.test().labels());
        double total = 0;
        double correct = 0;
        for (int r = 0; r < matrix.rows(); r++) {
            for (int c = 0; c < matrix.columns(); c++) {
                total += matrix.value(r, c);
                correct += r == c ? matrix.value(r, c) : 0;
            }
        }
        assertEquals(1000, total, "one count per test digit");
        assertEquals(test.accuracy(), correct / total, 1e-9, "the diagonal holds what evaluate counts as correct");
        assertTrue(model.toString().contains("Total params: 79,510"));
    }

    /**
     * The running training accuracy is that of the weights before each step: with a learning rate too small to
     * move them, one epoch's accuracy equals evaluate's on the same data, for a softmax output layer, for trailing
     * Activation layers, and for an LSTM.
     */
    @Test
    void trainingAccuracyIsThatOfTheWeightsBeforeEachStep() {
        var train = SAMPLE.train().first(300);
        Sequential[] models = {
                new Sequential(new Dense(20, "relu").inputDim(784), new Dense(10, "softmax")),
                new Sequential(new Dense(20, "relu").inputDim(784), new Dense(10), new Activation("relu"), new Activation("softmax")),
                new Sequential(new LSTM(8).inputShape(28, 28), new Dense(10, "softmax"))};
        for (Sequential model : models) {
            model.seed(5).compile(Optimizer.sgd(1e-12), "sparse_categorical_crossentropy", "accuracy");
            INDArray x = model.toString().contains("LSTM") ? train.sequences() : train.scaled();
            History history = model.fit(x, train.labels(), Fit.epochs(1).batchSize(32).verbose(false));
            assertEquals(model.evaluate(x, train.labels()).accuracy(), history.accuracy()[0], 1e-9, model.toString());
        }
    }

    /** Keras' Adagrad: accumulator from 0.1, so the first step is lr · g / sqrt(0.1 + g²), not lr · sign(g). */
    @Test
    void adagradStartsItsAccumulatorAtKerasValue() {
        Sequential model = new Sequential(new Dense(10, "softmax").inputDim(784)).seed(2);
        model.compile(Optimizer.adagrad(0.1), "sparse_categorical_crossentropy");
        var net = model.network();
        assertEquals(0.1, net.getUpdater().getStateViewArray().minNumber().doubleValue(), 1e-6);
        assertEquals(0.1, net.getUpdater().getStateViewArray().maxNumber().doubleValue(), 1e-6);
        INDArray x = SAMPLE.train().first(32).scaled();
        INDArray y = SAMPLE.train().first(32).labels().reshape(32, 1);
        INDArray before = net.params().dup();
        net.setInput(x);
        net.setLabels(y);
        net.computeGradientAndScore();
        // DL4J sums the loss gradient over the batch; its updater divides by the batch size before the step
        INDArray gradient = net.gradient().gradient().div(32);
        model.fit(SAMPLE.train().first(32).scaled(), SAMPLE.train().first(32).labels(), Fit.epochs(1).batchSize(32).shuffle(false).verbose(false));
        INDArray step = before.sub(net.params());
        INDArray expected = gradient.mul(0.1).div(org.nd4j.linalg.ops.transforms.Transforms.sqrt(gradient.mul(gradient).add(0.1)).add(1e-7));
        assertEquals(0, step.sub(expected).norm2Number().doubleValue(), 1e-5 * expected.norm2Number().doubleValue() + 1e-6);
    }

    @Test
    void oneHotLabelsWithCategoricalCrossEntropy() {
        Sequential model = new Sequential(new Dense(32, "relu").inputDim(784), new Dense(10, "softmax"));
        model.compile(Optimizer.sgd(0.1), Loss.CATEGORICAL_CROSSENTROPY, "accuracy");
        History history = model.fit(SAMPLE.train().scaled(), SAMPLE.train().oneHot(), Fit.epochs(3).verbose(false));
        assertTrue(history.accuracy()[2] > 0.5, "accuracy " + history.accuracy()[2]);
    }

    @Test
    void accuracyOnlyWhenAskedForAsInKeras() {
        Sequential model = new Sequential(new Dense(16, "relu").inputDim(784), new Dense(10, "softmax"));
        model.compile(Optimizer.adam(), "sparse_categorical_crossentropy");
        History history = model.fit(SAMPLE.train().scaled(), SAMPLE.train().labels(),
                Fit.epochs(1).validationSplit(0.1).verbose(false));
        assertEquals(java.util.List.of("epoch", "loss", "val_loss"), history.table().columnNames());
        assertThrows(ModelError.class, () -> model.compile(Optimizer.adam(), "mse", "precision"));
    }

    @Test
    void stepsAreRecordedOnRequest() {
        Sequential model = new Sequential(new Dense(16, "relu").inputDim(784), new Dense(10, "softmax"));
        model.compile(Optimizer.adam(), "sparse_categorical_crossentropy", "accuracy");
        History quiet = model.fit(SAMPLE.train().scaled(), SAMPLE.train().labels(), Fit.epochs(1).verbose(false));
        assertEquals(0, quiet.steps().size());
        History history = model.fit(SAMPLE.train().scaled(), SAMPLE.train().labels(),
                Fit.epochs(2).batchSize(100).recordSteps(true).verbose(false));
        assertEquals(20, history.steps().size(), "2 epochs of 10 batches");
        assertEquals(java.util.List.of("epoch", "step", "loss", "accuracy"), history.stepTable().columnNames());
        double meanOfFirstEpoch = history.steps().subList(0, 10).stream().mapToDouble(History.Step::loss).average().orElseThrow();
        assertEquals(history.loss()[0], meanOfFirstEpoch, 1e-6, "the epoch's loss is the mean of its steps' losses");
    }

    @Test
    void earlyStoppingEndsWhenValidationLossStopsImproving() {
        Sequential model = new Sequential(new Dense(256, "relu").inputDim(784), new Dense(10, "softmax")).seed(2);
        model.compile(Optimizer.adam(0.01), "sparse_categorical_crossentropy");
        // 200 training digits overfit quickly: validation loss turns up within a few epochs
        History history = model.fit(SAMPLE.train().first(250).scaled(), SAMPLE.train().first(250).labels(),
                Fit.epochs(60).batchSize(16).validationSplit(0.2).earlyStopping(2).verbose(false));
        assertTrue(history.epochs().size() < 60, "stopped early after " + history.epochs().size() + " epochs");
        assertTrue(history.stopReason().startsWith("Early stopping"), history.stopReason());
        double[] val = history.valLoss();
        double best = java.util.Arrays.stream(val).min().orElseThrow();
        for (int i = val.length - 3; i < val.length; i++) {
            assertTrue(val[i] >= best, "the last 3 epochs did not improve on the best");
        }
    }

    @Test
    void nanLossStopsWithAPlainMessage() {
        // seed 004: no activations, cross-entropy, unnormalised pixels
        Sequential model = new Sequential(new Dense(100).inputDim(784), new Dense(10));
        model.compile(Optimizer.sgd(), "sparse_categorical_crossentropy");
        History history = model.fit(SAMPLE.train().pixels(), SAMPLE.train().labels(), Fit.epochs(5).verbose(false));
        assertNotNull(history.stopReason());
        assertTrue(history.stopReason().contains("NaN") || history.stopReason().contains("infinite"), history.stopReason());
        assertTrue(history.toMimeBundle().data().get("text/html").toString().contains("Training stopped"));
    }

    @Test
    void interruptStopsAtTheNextBatchAndReturnsTheHistory() throws Exception {
        Sequential model = new Sequential(new Dense(64, "relu").inputDim(784), new Dense(10, "softmax"));
        model.compile(Optimizer.adam(), "sparse_categorical_crossentropy");
        INDArray x = Nd4j.concat(0, SAMPLE.train().scaled(), SAMPLE.train().scaled(), SAMPLE.train().scaled());
        INDArray y = Nd4j.concat(0, SAMPLE.train().labels(), SAMPLE.train().labels(), SAMPLE.train().labels());
        Thread[] worker = new Thread[1];
        CompletableFuture<History> running = CompletableFuture.supplyAsync(() -> {
            worker[0] = Thread.currentThread();
            return model.fit(x, y, Fit.epochs(1000).batchSize(10).verbose(false));
        });
        Thread.sleep(1500);
        worker[0].interrupt();
        History history = running.get(20, TimeUnit.SECONDS);
        assertTrue(history.stopReason().contains("interrupted"), history.stopReason());
        assertTrue(history.epochs().size() < 1000);
        Scores after = model.evaluate(SAMPLE.test().scaled(), SAMPLE.test().labels());
        assertTrue(after.accuracy() > 0.5, "the model keeps the weights it learned: " + after);
    }
}
