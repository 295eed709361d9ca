package cuaderno.nn;

import cuaderno.data.Mnist;
import cuaderno.eval.NativeMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecurrentAndSavingTest {

    private static final Mnist SAMPLE = Mnist.sample();

    @Test
    void lstmCountsParametersAsKerasAndDl4jHoldsThem() {
        Sequential model = new Sequential(new LSTM(128).inputShape(28, 28), new Dense(10, "softmax"));
        model.compile(Optimizer.adam(), "sparse_categorical_crossentropy");
        assertEquals(4 * (128 * (28 + 128) + 128) + 128 * 10 + 10, model.countParams());
        assertEquals(model.countParams(), model.network().numParams());
        assertTrue(model.summaryText().contains("lstm (LSTM)"), model.summaryText());
    }

    @Test
    void lstmLearnsDigitsReadRowByRow() {
        Sequential model = new Sequential(new LSTM(32).inputShape(28, 28), new Dense(10, "softmax")).seed(3);
        model.compile(Optimizer.adam(0.01), "sparse_categorical_crossentropy", "accuracy");
        History history = model.fit(SAMPLE.train().sequences(), SAMPLE.train().labels(),
                Fit.epochs(4).batchSize(50).verbose(false));
        Scores test = model.evaluate(SAMPLE.test().sequences(), SAMPLE.test().labels());
        assertTrue(test.accuracy() > 0.4, "well above chance (0.1) after 4 small epochs: " + test + " " + history.accuracy()[3]);
        ModelError flat = assertThrows(ModelError.class, () -> model.evaluate(SAMPLE.test().pixels(), SAMPLE.test().labels()));
        assertTrue(flat.getMessage().contains("sequences"), flat.getMessage());
    }

    /** A model too large for the kernel's native memory is refused before DL4J allocates it, in the student's terms. */
    @Test
    void aModelTooLargeForNativeMemoryIsAnOutOfMemoryErrorNotACrash() {
        assertTrue(org.bytedeco.javacpp.Pointer.maxBytes() > 0, "the test JVM has a native limit, as the kernel sets one (pom.xml)");
        Sequential huge = new Sequential(new LSTM(50_000).inputShape(28, 28), new Dense(10, "softmax"));
        // the kernel's native-memory error (the evaluator gives it no heap advice), not a plain OutOfMemoryError
        OutOfMemoryError refused = assertThrows(NativeMemory.LimitError.class,
                () -> huge.compile(Optimizer.adam(), "sparse_categorical_crossentropy"));
        String message = refused.getMessage();
        assertTrue(message.startsWith("Training this model asked for 223.7 GB of native memory (10,006,300,010 weights,"
                + " 10,005,800,000 of them in LSTM(50000), each with its gradient, Adam's state and the training engine's"
                + " copy), but the kernel may use "), message);
        assertTrue(message.contains(" outside the Java heap. Your variables are kept."), message);
        long machine = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize();
        if (machine < 200L << 30) { // a model larger than the machine: fewer units, not a higher limit
            assertTrue(message.contains("in all: use smaller arrays, layers with fewer units"), message);
            assertFalse(message.contains("maxBytes="), message);
        }
        Sequential fine = new Sequential(new LSTM(16).inputShape(28, 28), new Dense(10, "softmax"));
        fine.compile(Optimizer.adam(), "sparse_categorical_crossentropy"); // and the kernel goes on
        assertEquals(4L * 16 * (28 + 16 + 1) + 170, fine.countParams());
    }

    /** Keras' layout [examples, time steps, features]; anything else is refused with what to call instead. */
    @Test
    void lstmInputIsKerasLayoutAndOtherShapesAreRefusedSayingWhatToCall() {
        Sequential declared = new Sequential(new LSTM(6).inputShape(28, 28), new Dense(10, "softmax"));
        declared.compile(Optimizer.adam(), "sparse_categorical_crossentropy");
        var digits = SAMPLE.train().first(40);
        ModelError flat = assertThrows(ModelError.class, () -> declared.fit(digits.scaled(), digits.labels(), 1, 10));
        assertTrue(flat.getMessage().contains("[examples, time steps, features]") && flat.getMessage().contains("digits.sequences()"),
                flat.getMessage());
        ModelError otherSteps = assertThrows(ModelError.class,
                () -> declared.fit(digits.sequences().reshape(40, 14, 56), digits.labels(), 1, 10));
        assertTrue(otherSteps.getMessage().contains("(None, 28, 28)"), otherSteps.getMessage());
        assertTrue(declared.summaryText().contains("(None, 6)"), declared.summaryText());

        Sequential anyLength = new Sequential(new LSTM(6).inputDim(28), new Dense(10, "softmax")); // Keras' input_dim
        anyLength.compile(Optimizer.adam(), "sparse_categorical_crossentropy");
        INDArray halves = digits.sequences().get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 14), org.nd4j.linalg.indexing.NDArrayIndex.all());
        History history = anyLength.fit(halves, digits.labels(), Fit.epochs(1).batchSize(10).verbose(0));
        assertEquals("Cuaderno's fast engine", history.engine());
        assertArrayEquals(new long[]{1, 10}, anyLength.predict(digits.sequences().get(org.nd4j.linalg.indexing.NDArrayIndex.point(0))).shape(),
                "one sequence [steps, features], of any length");
        ModelError features = assertThrows(ModelError.class, () -> anyLength.evaluate(digits.sequences().reshape(40, 56, 14), digits.labels()));
        assertTrue(features.getMessage().contains("(None, None, 28)"), features.getMessage());
    }

    @Test
    void weightsRoundTripThroughHdf5InKerasLayout(@TempDir Path dir) throws Exception {
        Sequential model = new Sequential(new Dense(32, "relu").inputDim(784), new Dropout(0.3), new Dense(10, "softmax"));
        model.compile(Optimizer.adam(), "sparse_categorical_crossentropy");
        model.fit(SAMPLE.train().scaled(), SAMPLE.train().labels(), Fit.epochs(1).verbose(false));
        Path h5 = dir.resolve("weights.h5");
        model.saveWeights(h5.toString()); // Keras' model.save_weights("weights.h5")
        try (io.jhdf.HdfFile hdf = new io.jhdf.HdfFile(h5)) {
            assertArrayEquals(new int[]{784, 32}, hdf.getDatasetByPath("model_weights/dense/dense/kernel:0").getDimensions());
            assertArrayEquals(new int[]{10}, hdf.getDatasetByPath("model_weights/dense_1/dense_1/bias:0").getDimensions());
        }
        Sequential fresh = new Sequential(new Dense(32, "relu").inputDim(784), new Dropout(0.3), new Dense(10, "softmax")).seed(99);
        fresh.compile(Optimizer.adam(), "sparse_categorical_crossentropy");
        INDArray x = SAMPLE.test().scaled();
        fresh.loadWeights(h5);
        assertEquals(model.predict(x), fresh.predict(x));
        Sequential other = new Sequential(new Dense(16, "relu").inputDim(784), new Dense(10, "softmax"));
        other.compile(Optimizer.adam(), "sparse_categorical_crossentropy");
        ModelError mismatch = assertThrows(ModelError.class, () -> other.loadWeights(h5));
        assertTrue(mismatch.getMessage().contains("needs"), mismatch.getMessage());
    }

    /**
     * The exported LSTM weights follow Keras' formulas and gate order: one time step computed by hand from the
     * HDF5 arrays (i = σ(xWi + bi), c = i · tanh(xWc + bc), h = σ(xWo + bo) · tanh(c), then the dense softmax) gives
     * the model's own prediction. Any other gate order gives different numbers.
     */
    @Test
    void lstmWeightsAreExportedInKerasGateOrder(@TempDir Path dir) throws Exception {
        Sequential model = new Sequential(new LSTM(8).inputShape(1, 5), new Dense(3, "softmax")).seed(7);
        model.compile(Optimizer.adam(0.05), "sparse_categorical_crossentropy");
        INDArray x = org.nd4j.linalg.factory.Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 40, 1, 5);
        INDArray y = org.nd4j.linalg.factory.Nd4j.createFromArray(new float[40]).addi(1);
        model.fit(x, y, Fit.epochs(3).batchSize(10).verbose(false)); // moves every gate's weights off their init
        Path h5 = dir.resolve("lstm.h5");
        model.saveWeights(h5);
        INDArray kernel;
        INDArray bias;
        INDArray denseKernel;
        INDArray denseBias;
        try (io.jhdf.HdfFile hdf = new io.jhdf.HdfFile(h5)) {
            kernel = org.nd4j.linalg.factory.Nd4j.createFromArray((float[][]) hdf.getDatasetByPath("model_weights/lstm/lstm/kernel:0").getData());
            bias = org.nd4j.linalg.factory.Nd4j.createFromArray((float[]) hdf.getDatasetByPath("model_weights/lstm/lstm/bias:0").getData());
            assertArrayEquals(new int[]{8, 32}, hdf.getDatasetByPath("model_weights/lstm/lstm/recurrent_kernel:0").getDimensions());
            denseKernel = org.nd4j.linalg.factory.Nd4j.createFromArray((float[][]) hdf.getDatasetByPath("model_weights/dense/dense/kernel:0").getData());
            denseBias = org.nd4j.linalg.factory.Nd4j.createFromArray((float[]) hdf.getDatasetByPath("model_weights/dense/dense/bias:0").getData());
        }
        INDArray one = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1));
        INDArray z = one.reshape(1, 5).mmul(kernel).addRowVector(bias);
        java.util.function.IntFunction<INDArray> gate = k -> z.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(k * 8, (k + 1) * 8));
        INDArray i = org.nd4j.linalg.ops.transforms.Transforms.sigmoid(gate.apply(0));
        INDArray c = i.mul(org.nd4j.linalg.ops.transforms.Transforms.tanh(gate.apply(2)));
        INDArray h = org.nd4j.linalg.ops.transforms.Transforms.sigmoid(gate.apply(3)).mul(org.nd4j.linalg.ops.transforms.Transforms.tanh(c));
        INDArray expected = org.nd4j.linalg.ops.transforms.Transforms.softmax(h.mmul(denseKernel).addRowVector(denseBias));
        assertArrayEquals(expected.toFloatVector(), model.predict(one).toFloatVector(), 1e-5f);

        Sequential fresh = new Sequential(new LSTM(8).inputShape(1, 5), new Dense(3, "softmax")).seed(99);
        fresh.compile(Optimizer.adam(), "sparse_categorical_crossentropy");
        fresh.loadWeights(h5);
        assertEquals(model.predict(x), fresh.predict(x), "back from Keras' order into DL4J's");
    }

    @Test
    void saveAndLoadRoundTrip(@TempDir Path dir) throws Exception {
        Sequential model = new Sequential(new Dense(64, "relu").inputDim(784), new Dropout(0.2), new Dense(10, "softmax"));
        model.compile(Optimizer.adam(), "sparse_categorical_crossentropy", "accuracy");
        model.fit(SAMPLE.train().scaled(), SAMPLE.train().labels(), Fit.epochs(2).verbose(false));
        Path file = dir.resolve("digits.zip");
        model.save(file);
        try (var files = java.nio.file.Files.list(dir)) {
            assertEquals(java.util.List.of(file), files.toList(), "one file, which load reads back alone");
        }
        Sequential loaded = Sequential.load(file);
        INDArray x = SAMPLE.test().scaled();
        assertEquals(model.predict(x), loaded.predict(x));
        assertEquals(model.evaluate(x, SAMPLE.test().labels()), loaded.evaluate(x, SAMPLE.test().labels()));
        assertEquals(model.summaryText(), loaded.summaryText());
        loaded.fit(SAMPLE.train().scaled(), SAMPLE.train().labels(), Fit.epochs(1).verbose(false)); // trains further
        assertThrows(java.io.FileNotFoundException.class, () -> Sequential.load(dir.resolve("missing.zip")));
        Path dl4jOnly = dir.resolve("dl4j.zip");
        org.deeplearning4j.util.ModelSerializer.writeModel(model.network(), dl4jOnly.toFile(), true);
        java.io.IOException notOurs = assertThrows(java.io.IOException.class, () -> Sequential.load(dl4jOnly.toString()));
        assertTrue(notOurs.getMessage().contains("ModelSerializer.restoreMultiLayerNetwork"), notOurs.getMessage());
    }
}
