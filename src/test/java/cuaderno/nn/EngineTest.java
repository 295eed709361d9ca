package cuaderno.nn;

import cuaderno.data.Digits;
import cuaderno.data.Mnist;
import cuaderno.nn.engine.Engine;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fast engine trains exactly as DL4J's MultiLayerNetwork.fit does: the same losses and correct answers at every
 * step, and the same weights, optimiser state, iteration count and score after them. Each layer, loss and
 * optimiser the fast engine has is in at least one model here; dropout runs with the same masks on both sides
 * (both draw them from the layer's seed and the step).
 */
class EngineTest {

    private static final Digits DIGITS = Mnist.sample().train().first(200);

    private static Arguments model(String name, Supplier<Layer[]> layers, Optimizer optimizer, Loss loss) {
        return Arguments.of(name, layers, optimizer, loss);
    }

    static Stream<Arguments> models() {
        return Stream.of(
                model("relu stack, sparse cross-entropy, Adam", () -> new Layer[]{
                        new Dense(40, "relu").inputDim(784), new Dense(40, "relu"), new Dense(10, "softmax")},
                        Optimizer.adam(), Loss.SPARSE_CATEGORICAL_CROSSENTROPY),
                model("sigmoid and tanh, one-hot cross-entropy, SGD", () -> new Layer[]{
                        new Dense(30, "sigmoid").inputDim(784), new Dense(20, "tanh"), new Dense(10, "softmax")},
                        Optimizer.sgd(0.1), Loss.CATEGORICAL_CROSSENTROPY),
                model("linear, sparse cross-entropy, Adagrad from Keras' 0.1", () -> new Layer[]{
                        new Dense(25).inputDim(784), new Dense(10, "softmax")},
                        Optimizer.adagrad(0.01), Loss.SPARSE_CATEGORICAL_CROSSENTROPY),
                model("relu, MSE on sigmoid outputs, RMSprop", () -> new Layer[]{
                        new Dense(30, "relu").inputDim(784), new Dense(10, "sigmoid")},
                        Optimizer.rmsprop(), Loss.MSE),
                model("tanh, MSE on softmax outputs, Nesterov momentum", () -> new Layer[]{
                        new Dense(30, "tanh").inputDim(784), new Dense(10, "softmax")},
                        Optimizer.sgd(0.05, 0.9, true), Loss.MSE),
                model("random-normal init, MSE on linear outputs, Adam", () -> new Layer[]{
                        new Dense(16, "relu").kernelInit(Init.randomNormal(0.1)).biasInit(Init.randomNormal(0.1)).inputDim(784), new Dense(10)},
                        Optimizer.adam(0.01), Loss.MSE),
                model("lesson 003: dropout after each hidden layer, RMSprop", () -> new Layer[]{
                        new Dense(48, "relu").inputDim(784), new Dropout(0.2), new Dense(32, "relu"), new Dropout(0.5),
                        new Dense(10, "softmax")},
                        Optimizer.rmsprop(), Loss.SPARSE_CATEGORICAL_CROSSENTROPY),
                model("lesson 004: Activation layers, relu before softmax, SGD", () -> new Layer[]{
                        new Dense(20, "relu").inputDim(784), new Dense(10), new Activation("relu"), new Activation("softmax")},
                        Optimizer.sgd(0.1), Loss.SPARSE_CATEGORICAL_CROSSENTROPY),
                model("cross-entropy on raw (sigmoid) outputs, plain momentum", () -> new Layer[]{
                        new Dense(16, "relu").inputDim(784), new Dense(10, "sigmoid")},
                        Optimizer.sgd(0.05, 0.9), Loss.SPARSE_CATEGORICAL_CROSSENTROPY),
                model("Activation(tanh) between Dense layers, one-hot cross-entropy, Adadelta", () -> new Layer[]{
                        new Dense(24).inputDim(784), new Activation("tanh"), new Dense(10, "softmax")},
                        Optimizer.adadelta(1.0), Loss.CATEGORICAL_CROSSENTROPY),
                model("relu, sparse cross-entropy, Adamax", () -> new Layer[]{
                        new Dense(24, "relu").inputDim(784), new Dense(10, "softmax")},
                        Optimizer.adamax(0.01), Loss.SPARSE_CATEGORICAL_CROSSENTROPY),
                model("sigmoid, sparse cross-entropy, Nadam", () -> new Layer[]{
                        new Dense(24, "sigmoid").inputDim(784), new Dense(10, "softmax")},
                        Optimizer.nadam(0.01), Loss.SPARSE_CATEGORICAL_CROSSENTROPY),
                model("LSTM over 28 rows, sparse cross-entropy, Adam", () -> new Layer[]{
                        new LSTM(12).inputShape(28, 28), new Dense(10, "softmax")},
                        Optimizer.adam(0.01), Loss.SPARSE_CATEGORICAL_CROSSENTROPY),
                model("LSTM, dropout, Dense layers, one-hot cross-entropy, RMSprop", () -> new Layer[]{
                        new LSTM(9).inputShape(28, 28), new Dropout(0.3), new Dense(16, "relu"), new Dense(10, "softmax")},
                        Optimizer.rmsprop(0.01), Loss.CATEGORICAL_CROSSENTROPY),
                model("dropout on the input sequences, LSTM, Nadam", () -> new Layer[]{
                        new Dropout(0.1), new LSTM(8), new Dense(10, "softmax")},
                        Optimizer.nadam(0.01), Loss.SPARSE_CATEGORICAL_CROSSENTROPY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void trainsStepForStepAsDl4j(String name, Supplier<Layer[]> layers, Optimizer optimizer, Loss loss) {
        Sequential ours = compiled(layers.get(), optimizer, loss);
        Sequential dl4j = compiled(layers.get(), optimizer, loss);
        INDArray x = layers.get()[0] instanceof LSTM || layers.get()[1] instanceof LSTM ? DIGITS.sequences() : DIGITS.scaled();
        INDArray y = loss.sparse() ? DIGITS.labels() : DIGITS.oneHot();
        MultiLayerNetwork a = ours.network(x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1)));
        MultiLayerNetwork b = dl4j.network(x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1)));
        assertEquals(a.params(), b.params(), "both start from the same weights");
        try (Engine fast = ours.trainingEngine(x, y, 32, false); Engine reference = dl4j.trainingEngine(x, y, 32, true)) {
            assertEquals("Cuaderno's fast engine", fast.description(), name);
            Random random = new Random(7);
            for (int step = 0; step < 12; step++) {
                int[] rows = random.ints(step == 11 ? 7 : 32, 0, 200).toArray(); // a short last batch too
                double expected = reference.step(rows);
                double actual = fast.step(rows);
                assertEquals(expected, actual, 1e-4 * Math.max(1, Math.abs(expected)), name + ": loss at step " + step);
                assertEquals(reference.correct(), fast.correct(), name + ": correct answers at step " + step);
            }
        }
        assertClose(b.params(), a.params(), name + ": weights after 12 steps");
        if (b.getUpdater().getStateViewArray() != null) { // plain SGD keeps no state
            assertClose(b.getUpdater().getStateViewArray(), a.getUpdater().getStateViewArray(),
                    name + ": optimiser state after 12 steps");
        }
        assertEquals(b.getIterationCount(), a.getIterationCount());
        assertEquals(b.score(), a.score(), 1e-4 * Math.max(1, Math.abs(b.score())));
    }

    /** Seed 004's model without activations on unnormalised pixels: both engines reach NaN at the same step. */
    @Test
    void crossEntropyOnRawOutputsTurnsNanAsInDl4j() {
        Supplier<Sequential> model = () -> compiled(new Layer[]{new Dense(100).inputDim(784), new Dense(10)},
                Optimizer.sgd(), Loss.SPARSE_CATEGORICAL_CROSSENTROPY);
        Sequential ours = model.get();
        Sequential dl4j = model.get();
        INDArray x = DIGITS.pixels();
        try (Engine fast = ours.trainingEngine(x, DIGITS.labels(), 20, false);
             Engine reference = dl4j.trainingEngine(x, DIGITS.labels(), 20, true)) {
            for (int step = 0; step < 3; step++) {
                int[] rows = java.util.stream.IntStream.range(step * 20, step * 20 + 20).toArray();
                double expected = reference.step(rows);
                double actual = fast.step(rows);
                assertTrue(Double.isNaN(expected) ? Double.isNaN(actual) : Math.abs(expected - actual) <= 1e-4 * Math.abs(expected),
                        "loss at step " + step + ": " + actual + ", DL4J " + expected);
            }
        }
    }

    @Test
    void summaryAndHistorySayWhichEngineTrainsAndWhyDl4j() {
        Sequential fast = compiled(new Layer[]{new Dense(16, "relu").inputDim(784), new Dropout(0.2), new Dense(10, "softmax")},
                Optimizer.nadam(), Loss.SPARSE_CATEGORICAL_CROSSENTROPY);
        assertTrue(fast.summaryText().contains("Trained by: Cuaderno's fast engine"), fast.summaryText());
        Sequential elu = compiled(new Layer[]{new Dense(16, "elu").inputDim(784), new Dense(10, "softmax")},
                Optimizer.adam(), Loss.SPARSE_CATEGORICAL_CROSSENTROPY);
        assertTrue(elu.summaryText().contains("Trained by: DL4J's fit (Dense(16, \"elu\"): the fast engine has no elu)"),
                elu.summaryText());
        History history = elu.fit(DIGITS.scaled(), DIGITS.labels(), Fit.epochs(1).verbose(0));
        assertEquals("DL4J's fit (Dense(16, \"elu\"): the fast engine has no elu)", history.engine());
        assertTrue(history.toString().contains("Trained by DL4J's fit"), history.toString());
        History fastHistory = fast.fit(DIGITS.scaled(), DIGITS.labels(), Fit.epochs(1).verbose(0));
        assertEquals("Cuaderno's fast engine", fastHistory.engine());
        assertTrue(!fastHistory.toString().contains("Trained by"), "nothing to say when the fast engine trained");
        System.setProperty("cuaderno.training", "dl4j");
        try {
            assertEquals("DL4J's fit (-Dcuaderno.training=dl4j)",
                    fast.fit(DIGITS.scaled(), DIGITS.labels(), Fit.epochs(1).verbose(0)).engine());
        } finally {
            System.clearProperty("cuaderno.training");
        }
    }

    /** The engine's buffers are its own native memory, freed as soon as fit ends (not whenever GC runs). */
    @Test
    void theEngineFreesItsMemoryWhenItCloses() {
        Sequential model = compiled(new Layer[]{new Dense(512, "relu").inputDim(784), new Dense(10, "softmax")},
                Optimizer.adam(), Loss.SPARSE_CATEGORICAL_CROSSENTROPY);
        INDArray x = DIGITS.scaled();
        model.network(x);
        long before = Pointer.totalBytes();
        Engine engine = model.trainingEngine(x, DIGITS.labels(), 128, false);
        long held = Pointer.totalBytes() - before;
        // parameters and gradients: two copies of 407,050 floats, plus the batch buffers (Adam's state is on the heap)
        assertTrue(held >= 2L * 4 * 407_050, "the engine holds its own copies: " + held + " bytes");
        engine.step(new int[]{1, 2, 3});
        engine.close();
        assertTrue(Pointer.totalBytes() - before < held / 10, "freed on close: " + (Pointer.totalBytes() - before));
    }

    private static Sequential compiled(Layer[] layers, Optimizer optimizer, Loss loss) {
        Sequential model = new Sequential(layers).seed(123);
        model.compile(optimizer, loss, "accuracy");
        return model;
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        double scale = Math.max(1e-3, expected.norm2Number().doubleValue());
        double difference = expected.sub(actual).norm2Number().doubleValue();
        assertTrue(difference <= 1e-4 * scale, what + ": |difference| " + difference + " against |expected| " + scale);
    }
}
