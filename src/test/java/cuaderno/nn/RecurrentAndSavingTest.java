package cuaderno.nn;

import cuaderno.data.Mnist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
        double[] test = model.evaluate(SAMPLE.test().sequences(), SAMPLE.test().labels());
        assertTrue(test[1] > 0.4, "well above chance (0.1) after 4 small epochs: " + test[1] + " " + history.accuracy()[3]);
        ModelError flat = assertThrows(ModelError.class, () -> model.evaluate(SAMPLE.test().pixels(), SAMPLE.test().labels()));
        assertTrue(flat.getMessage().contains("sequences"), flat.getMessage());
    }

    @Test
    void weightsRoundTripThroughHdf5InKerasLayout(@TempDir Path dir) throws Exception {
        Sequential model = new Sequential(new Dense(32, "relu").inputDim(784), new Dropout(0.3), new Dense(10, "softmax"));
        model.compile(Optimizer.adam(), "sparse_categorical_crossentropy");
        model.fit(SAMPLE.train().scaled(), SAMPLE.train().labels(), Fit.epochs(1).verbose(false));
        Path h5 = dir.resolve("weights.h5");
        model.saveWeights(h5);
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

    @Test
    void saveAndLoadRoundTrip(@TempDir Path dir) throws Exception {
        Sequential model = new Sequential(new Dense(64, "relu").inputDim(784), new Dropout(0.2), new Dense(10, "softmax"));
        model.compile(Optimizer.adam(), "sparse_categorical_crossentropy", "accuracy");
        model.fit(SAMPLE.train().scaled(), SAMPLE.train().labels(), Fit.epochs(2).verbose(false));
        Path file = dir.resolve("digits.zip");
        model.save(file);
        Sequential loaded = Sequential.load(file);
        INDArray x = SAMPLE.test().scaled();
        assertEquals(model.predict(x), loaded.predict(x));
        assertArrayEquals(model.evaluate(x, SAMPLE.test().labels()), loaded.evaluate(x, SAMPLE.test().labels()), 1e-6);
        assertEquals(model.summaryText(), loaded.summaryText());
        loaded.fit(SAMPLE.train().scaled(), SAMPLE.train().labels(), Fit.epochs(1).verbose(false)); // trains further
        assertThrows(java.io.FileNotFoundException.class, () -> Sequential.load(dir.resolve("missing.zip")));
    }
}
