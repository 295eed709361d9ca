package cuaderno.nn;

import cuaderno.data.Digits;
import cuaderno.data.Mnist;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** BlasTrainer must train exactly as DL4J's MultiLayerNetwork.fit does: same losses, weights and optimiser state. */
class BlasTrainerTest {

    private static final Digits DIGITS = Mnist.sample().train().first(200);

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of("relu stack, sparse cross-entropy, Adam", (Supplier<Layer[]>) () -> new Layer[]{
                        new Dense(40, "relu").inputDim(784), new Dense(40, "relu"), new Dense(10, "softmax")},
                        Optimizer.adam(), Loss.SPARSE_CATEGORICAL_CROSSENTROPY),
                Arguments.of("sigmoid and tanh, one-hot cross-entropy, SGD", (Supplier<Layer[]>) () -> new Layer[]{
                        new Dense(30, "sigmoid").inputDim(784), new Dense(20, "tanh"), new Dense(10, "softmax")},
                        Optimizer.sgd(0.1), Loss.CATEGORICAL_CROSSENTROPY),
                Arguments.of("linear, sparse cross-entropy, Adagrad", (Supplier<Layer[]>) () -> new Layer[]{
                        new Dense(25).inputDim(784), new Dense(10, "softmax")},
                        Optimizer.adagrad(0.01), Loss.SPARSE_CATEGORICAL_CROSSENTROPY),
                Arguments.of("relu, MSE on sigmoid outputs, RMSprop", (Supplier<Layer[]>) () -> new Layer[]{
                        new Dense(30, "relu").inputDim(784), new Dense(10, "sigmoid")},
                        Optimizer.rmsprop(), Loss.MSE),
                Arguments.of("tanh, MSE on softmax outputs, Nesterov momentum", (Supplier<Layer[]>) () -> new Layer[]{
                        new Dense(30, "tanh").inputDim(784), new Dense(10, "softmax")},
                        Optimizer.sgd(0.05, 0.9), Loss.MSE),
                Arguments.of("random-normal init, MSE on linear outputs, Adam", (Supplier<Layer[]>) () -> new Layer[]{
                        new Dense(16, "relu").kernelInit(Init.randomNormal(0.1)).biasInit(Init.randomNormal(0.1)).inputDim(784), new Dense(10)},
                        Optimizer.adam(0.01), Loss.MSE),
                Arguments.of("LSTM over 28 rows, sparse cross-entropy, Adam", (Supplier<Layer[]>) () -> new Layer[]{
                        new LSTM(12).inputShape(28, 28), new Dense(10, "softmax")},
                        Optimizer.adam(0.01), Loss.SPARSE_CATEGORICAL_CROSSENTROPY),
                Arguments.of("LSTM, then Dense layers, one-hot cross-entropy, RMSprop", (Supplier<Layer[]>) () -> new Layer[]{
                        new LSTM(9).inputShape(28, 28), new Dense(16, "relu"), new Dense(10, "softmax")},
                        Optimizer.rmsprop(0.01), Loss.CATEGORICAL_CROSSENTROPY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void trainsStepForStepAsDl4j(String name, Supplier<Layer[]> layers, Optimizer optimizer, Loss loss) {
        Sequential ours = compiled(layers.get(), optimizer, loss);
        Sequential dl4j = compiled(layers.get(), optimizer, loss);
        MultiLayerNetwork a = ours.network();
        MultiLayerNetwork b = dl4j.network();
        assertNull(BlasTrainer.unsupported(a), name + " takes the fast path");
        assertEquals(a.params(), b.params(), "both start from the same weights");

        INDArray x = layers.get()[0] instanceof LSTM ? DIGITS.sequences() : DIGITS.scaled();
        INDArray labels = loss.sparse() ? DIGITS.labels().reshape(200, 1).castTo(DataType.FLOAT)
                : DIGITS.oneHot().castTo(DataType.FLOAT);
        Trainer fast = new BlasTrainer(a, x, labels, true, 32);
        Trainer reference = new Dl4jTrainer(b, x, labels, true, BlasTrainerTest::correct);
        Random random = new Random(7);
        for (int step = 0; step < 12; step++) {
            int[] rows = random.ints(step == 11 ? 7 : 32, 0, 200).toArray(); // a short last batch too
            double expected = reference.step(rows);
            double actual = fast.step(rows);
            assertEquals(expected, actual, 1e-4 * Math.max(1, Math.abs(expected)), name + ": loss at step " + step);
            assertEquals(reference.correct(), fast.correct(), name + ": correct answers at step " + step);
        }
        assertClose(b.params(), a.params(), name + ": weights after 12 steps");
        if (b.getUpdater().getStateViewArray() != null) { // plain SGD keeps no state
            assertClose(b.getUpdater().getStateViewArray(), a.getUpdater().getStateViewArray(),
                    name + ": optimiser state after 12 steps");
        }
        assertEquals(b.getIterationCount(), a.getIterationCount());
        assertEquals(b.score(), a.score(), 1e-4 * Math.max(1, Math.abs(b.score())));
    }

    @Test
    void leavesToDl4jWhatItDoesNotReproduce() {
        assertNotNull(BlasTrainer.unsupported(compiled(new Layer[]{new Dense(20, "relu").inputDim(784), new Dropout(0.5),
                new Dense(10, "softmax")}, Optimizer.adam(), Loss.SPARSE_CATEGORICAL_CROSSENTROPY).network()), "dropout");
        assertNotNull(BlasTrainer.unsupported(compiled(new Layer[]{new Dense(10, "linear").inputDim(784)},
                Optimizer.sgd(), Loss.SPARSE_CATEGORICAL_CROSSENTROPY).network()), "cross-entropy on raw outputs (seed 004's NaN)");
        assertNotNull(BlasTrainer.unsupported(compiled(new Layer[]{new Dense(20, "relu").inputDim(784),
                new Activation("relu"), new Dense(10, "softmax")}, Optimizer.adam(), Loss.SPARSE_CATEGORICAL_CROSSENTROPY)
                .network()), "an Activation layer");
        assertNotNull(BlasTrainer.unsupported(compiled(new Layer[]{new Dense(10, "softmax").inputDim(784)},
                Optimizer.adadelta(), Loss.SPARSE_CATEGORICAL_CROSSENTROPY).network()), "Adadelta");
        assertNotNull(BlasTrainer.unsupported(compiled(new Layer[]{new LSTM(8).inputShape(28, 28), new Dropout(0.2),
                new Dense(10, "softmax")}, Optimizer.adam(), Loss.SPARSE_CATEGORICAL_CROSSENTROPY).network()),
                "dropout on an LSTM's output");
    }

    @Test
    void fitOnAViewOfTheDataAndWithValidationLearns() {
        Sequential model = compiled(new Layer[]{new Dense(32, "relu").inputDim(784), new Dense(10, "softmax")},
                Optimizer.adam(), Loss.SPARSE_CATEGORICAL_CROSSENTROPY);
        Digits digits = Mnist.sample().train();
        History history = model.fit(digits.scaled(), digits.labels(), Fit.epochs(3).batchSize(32).validationSplit(0.2).verbose(false));
        var epochs = history.epochs();
        assertTrue(epochs.get(2).loss() < epochs.get(0).loss(), "the loss falls: " + epochs);
        assertTrue(epochs.get(2).valAccuracy() > 0.7, "validation accuracy " + epochs.get(2).valAccuracy());
    }

    private static Sequential compiled(Layer[] layers, Optimizer optimizer, Loss loss) {
        Sequential model = new Sequential(layers).seed(123);
        model.compile(optimizer, loss, "accuracy");
        return model;
    }

    private static long correct(INDArray output, INDArray labels) {
        INDArray truth = labels.columns() == 1 ? labels.reshape(labels.rows()) : labels.argMax(1);
        return output.argMax(1).castTo(DataType.FLOAT).eq(truth.castTo(DataType.FLOAT)).castTo(DataType.INT)
                .sumNumber().longValue();
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        double scale = Math.max(1e-3, expected.norm2Number().doubleValue());
        double difference = expected.sub(actual).norm2Number().doubleValue();
        assertTrue(difference <= 1e-4 * scale, what + ": |difference| " + difference + " against |expected| " + scale);
    }
}
