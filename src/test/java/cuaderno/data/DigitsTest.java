package cuaderno.data;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.lang.ref.WeakReference;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DigitsTest {

    private static final Mnist SAMPLE = Mnist.sample();
    private final Digits train = SAMPLE.train();

    @Test
    void sampleIsRealMnist() {
        assertEquals(1000, train.size());
        assertEquals(1000, SAMPLE.test().size());
        // the first training digits of MNIST are 5, 0, 4, 1, 9 and the first test digits 7, 2, 1, 0, 4
        assertEquals(5, train.label(0));
        assertEquals(7, SAMPLE.test().label(0));
        assertEquals(4, SAMPLE.test().label(4));
    }

    @Test
    void pixelsAreRawValuesAndScaledAreInUnitRange() {
        INDArray pixels = train.pixels();
        assertArrayEquals(new long[]{1000, 784}, pixels.shape());
        assertEquals(0, pixels.minNumber().doubleValue());
        assertEquals(255, pixels.maxNumber().doubleValue());
        INDArray scaled = train.scaled();
        assertEquals(1.0, scaled.maxNumber().doubleValue(), 1e-6);
        assertEquals(pixels.getDouble(0, 300) / 255, scaled.getDouble(0, 300), 1e-6);
        assertArrayEquals(new long[]{1000, 28, 28}, train.images().shape());
        assertEquals(train.image(0)[10][12], train.images().getDouble(0, 10, 12));
    }

    @Test
    void normalizedRowsHaveUnitLength() {
        INDArray rows = train.normalized();
        INDArray lengths = rows.norm2(1);
        assertEquals(1.0, lengths.minNumber().doubleValue(), 1e-5);
        assertEquals(1.0, lengths.maxNumber().doubleValue(), 1e-5);
    }

    @Test
    void oneHotAndLabelsAgree() {
        INDArray oneHot = train.oneHot();
        assertArrayEquals(new long[]{1000, 10}, oneHot.shape());
        assertEquals(1000, oneHot.sumNumber().intValue());
        assertEquals(1.0, oneHot.getDouble(0, 5));
        assertEquals(train.label(7), train.labels().getInt(7));
    }

    @Test
    void sequencesAreRowsAsTimeSteps() {
        INDArray sequences = train.sequences();
        assertArrayEquals(new long[]{1000, 28, 28}, sequences.shape());
        // element [i, step, feature] is pixel (row = step, column = feature), as Keras' [examples, steps, features]
        assertEquals(train.image(3)[14][9] / 255.0, sequences.getDouble(3, 14, 9), 1e-6);
        assertEquals(train.image(3)[9][14] / 255.0, sequences.getDouble(3, 9, 14), 1e-6);
    }

    @Test
    void validationSplitTakesTheLastFractionLikeKeras() {
        Digits.Split split = train.validationSplit(0.3);
        assertEquals(700, split.train().size());
        assertEquals(300, split.validation().size());
        assertEquals(train.label(700), split.validation().label(0));
        assertEquals(train.label(999), split.validation().label(299));
        assertThrows(IllegalArgumentException.class, () -> train.validationSplit(1.0));
    }

    @Test
    void subsetsAndSeededShuffles() {
        assertEquals(train.label(990), train.last(10).label(0));
        assertEquals(train.label(3), train.first(5).label(3));
        Digits a = train.shuffled(7);
        Digits b = train.shuffled(7);
        assertEquals(a.toString(), train.toString(), "a shuffle keeps every digit");
        for (int i = 0; i < 20; i++) {
            assertEquals(a.label(i), b.label(i));
        }
        assertNotEquals(train.shuffled(8).pixels(), a.pixels());
    }

    @Test
    void subsetsShareTheBytesAndTheirViewsAreTheirOwnRows() {
        INDArray all = train.pixels();
        assertSame(train.bytes(), train.first(5).bytes(), "a subset copies nothing");
        assertSame(train.bytes(), train.validationSplit(0.3).validation().bytes());
        assertEquals(all.get(NDArrayIndex.interval(0, 5)), train.first(5).pixels());
        assertEquals(all.get(NDArrayIndex.interval(990, 1000)), train.last(10).pixels());
        assertEquals(train.normalized().get(NDArrayIndex.interval(100, 200)), train.range(100, 200).normalized());
        assertEquals(train.oneHot().get(NDArrayIndex.interval(300, 310)), train.range(300, 310).oneHot());
        assertEquals(train.labels().get(NDArrayIndex.interval(700, 1000)), train.validationSplit(0.3).validation().labels());
        assertEquals(train.sequences().get(NDArrayIndex.interval(20, 30)), train.range(20, 30).sequences());
        Digits middle = train.range(100, 200).range(10, 20);
        assertEquals(train.label(110), middle.label(0));
        assertEquals(train.image(119)[14][14], middle.image(9)[14][14]);
        assertEquals(0, train.first(0).pixels().length());
    }

    @Test
    void aViewAskedForAgainWhileHeldSharesItsMemory() {
        Digits digits = train.range(10, 1000);
        INDArray pixels = digits.pixels();
        assertEquals(pixels.data().address(), digits.pixels().data().address(), "pixels() twice: one copy");
        assertEquals(pixels.data().address(), train.range(10, 1000).images().data().address(),
                "the same digits cut again, and images(), share pixels()' memory");
        assertArrayEquals(new long[]{990, 28, 28}, digits.images().shape());
        assertEquals(pixels, digits.pixels());
        INDArray scaled = digits.scaled();
        assertEquals(scaled.data().address(), digits.scaled().data().address());
        assertNotEquals(pixels.data().address(), scaled.data().address(), "other values need memory of their own");
        assertNotEquals(pixels.data().address(), digits.first(100).pixels().data().address(), "other digits too");
    }

    @Test
    void aViewChangedInPlaceShowsThroughItsHoldersAndTheNextCallIsFresh() {
        Digits digits = train.range(20, 1000);
        INDArray a = digits.pixels();
        INDArray b = digits.pixels();
        a.divi(255);
        assertEquals(1.0, b.maxNumber().doubleValue(), 1e-6, "a and b are one array");
        INDArray c = digits.pixels();
        assertEquals(255, c.maxNumber().doubleValue(), "the next call is the raw pixels again");
        assertNotEquals(a.data().address(), c.data().address());
        assertEquals(c.data().address(), digits.pixels().data().address(), "and is shared in turn");
        c.putScalar(5, 300, 7f);
        assertEquals(train.image(25)[300 / 28][300 % 28], digits.pixels().getDouble(5, 300), "one value changed");
    }

    @Test
    void aViewNoLongerHeldIsFreed() throws InterruptedException {
        Digits digits = train.range(30, 1000);
        WeakReference<DataBuffer> memory = new WeakReference<>(digits.scaled().data());
        for (int i = 0; i < 50 && memory.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertNull(memory.get(), "the view's memory is not kept for a next call");
        assertEquals(1.0, digits.scaled().maxNumber().doubleValue(), 1e-6);
    }

    @Test
    void aViewIsMadeWithoutAHeapCopy() {
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        INDArray scaled = train.range(40, 1000).scaled();
        long heap = threads.getCurrentThreadAllocatedBytes() - before;
        long view = scaled.length() * Float.BYTES;
        assertTrue(heap < view / 2, "a view of " + view + " bytes allocated " + heap + " bytes on the heap");
    }

    @Test
    void loadingAgainSharesTheDigitsStillInUse() {
        Mnist again = Mnist.sample();
        assertSame(SAMPLE.train().bytes(), again.train().bytes());
        assertSame(SAMPLE.test().bytes(), again.test().bytes());
    }

    @Test
    void nextBatchWalksShuffledEpochsReproducibly() {
        Digits.Batches batches = train.batches(42);
        Digits.Batch first = batches.nextBatch(128);
        assertArrayEquals(new long[]{128, 784}, first.images().shape());
        assertArrayEquals(new long[]{128, 10}, first.labels().shape());
        assertEquals(first.images(), train.batches(42).nextBatch(128).images());
        for (int i = 0; i < 8; i++) {
            batches.nextBatch(128);
        }
        assertEquals(1, batches.epochs(), "1,152 digits drawn from 1,000: one epoch done");
    }

    @Test
    void fullDataSetWhenFetched() {
        Assumptions.assumeTrue(Files.exists(MnistFiles.folder().resolve(MnistFiles.TRAIN_IMAGES)),
                "full MNIST not fetched (scripts/setup runs `data fetch mnist`)");
        Mnist mnist = Mnist.load();
        assertSame(mnist.train().bytes(), Mnist.load().train().bytes(), "loading again shares the digits in use");
        assertEquals(60_000, mnist.train().size());
        assertEquals(10_000, mnist.test().size());
        assertTrue(mnist.train().toString().contains("[5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]"),
                "per-digit counts of the official training set: " + mnist.train());
        assertEquals(train.label(999), mnist.train().label(999), "the sample is the head of the real set");
    }
}
