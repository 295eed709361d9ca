package cuaderno.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

/**
 * A set of 28×28 grey-scale digit images with their labels, as stored in MNIST (unsigned bytes 0..255). Each view
 * the course uses is one call and returns a fresh array: {@link #pixels()} as Keras' {@code mnist.load_data()} or
 * sklearn's {@code fetch_openml} give them, {@link #scaled()} and {@link #oneHot()} as TF1's {@code input_data},
 * {@link #normalized()} as sklearn's {@code normalize}, {@link #sequences()} for an LSTM.
 */
public final class Digits {

    public static final int SIDE = 28;
    public static final int PIXELS = SIDE * SIDE;
    public static final int CLASSES = 10;

    private final byte[] images;
    private final byte[] labels;

    private Digits(byte[] images, byte[] labels) {
        this.images = images;
        this.labels = labels;
    }

    /** Pairs an images file with its labels file, checking that they belong together. */
    static Digits of(Idx.Array images, Idx.Array labels) {
        if (images.shape().length != 3 || images.shape()[1] != SIDE || images.shape()[2] != SIDE) {
            throw new DataError(images.name() + " does not hold 28×28 images: its shape is " + images);
        }
        if (labels.shape().length != 1 || labels.items() != images.items()) {
            throw new DataError(labels.name() + " has " + labels.items() + " labels for " + images.items()
                    + " images in " + images.name() + ": the two files do not belong together");
        }
        for (byte label : labels.data()) {
            if (label < 0 || label >= CLASSES) {
                throw new DataError(labels.name() + " holds the label " + label + "; digits are 0 to 9");
            }
        }
        return new Digits(images.data(), labels.data());
    }

    /** Images (n × 784 unsigned bytes) and labels made elsewhere in this package, e.g. by {@link Augmentation}. */
    static Digits ofBytes(byte[] images, byte[] labels) {
        return new Digits(images, labels);
    }

    public int size() {
        return labels.length;
    }

    public int label(int index) {
        return labels[checkIndex(index)];
    }

    /** One image as 28 rows of 28 values 0..255. */
    public int[][] image(int index) {
        checkIndex(index);
        int[][] image = new int[SIDE][SIDE];
        for (int r = 0; r < SIDE; r++) {
            for (int c = 0; c < SIDE; c++) {
                image[r][c] = images[index * PIXELS + r * SIDE + c] & 0xFF;
            }
        }
        return image;
    }

    // ------------------------------------------------------------------ views

    /** [n, 784] with the raw values 0..255 as floats (Keras' uint8 pixels, fetch_openml's float64). */
    public INDArray pixels() {
        return matrix(1f);
    }

    /** [n, 28, 28] with values 0..255, the shape of Keras' {@code mnist.load_data()}. */
    public INDArray images() {
        return pixels().reshape(size(), SIDE, SIDE);
    }

    /** [n, 784] scaled to [0, 1] (divided by 255), as TF1's input_data gives them. */
    public INDArray scaled() {
        return matrix(1f / 255f);
    }

    /** [n, 784], each row divided by its Euclidean length, like sklearn's {@code normalize(X)}. */
    public INDArray normalized() {
        float[] data = new float[size() * PIXELS];
        for (int i = 0; i < size(); i++) {
            double sum = 0;
            for (int p = 0; p < PIXELS; p++) {
                int v = images[i * PIXELS + p] & 0xFF;
                sum += (double) v * v;
            }
            float norm = sum == 0 ? 1f : (float) Math.sqrt(sum);
            for (int p = 0; p < PIXELS; p++) {
                data[i * PIXELS + p] = (images[i * PIXELS + p] & 0xFF) / norm;
            }
        }
        return Nd4j.create(data, new long[]{size(), PIXELS}, DataType.FLOAT);
    }

    /**
     * [n, 28, 28] scaled to [0, 1] as 28 time steps (the image's rows) of 28 features (a row's pixels), in Keras'
     * recurrent layout [examples, time steps, features]: element [i, t, f] is pixel (row t, column f).
     */
    public INDArray sequences() {
        float[] data = new float[size() * PIXELS];
        for (int i = 0; i < data.length; i++) {
            data[i] = (images[i] & 0xFF) / 255f;
        }
        return Nd4j.create(data, new long[]{size(), SIDE, SIDE}, DataType.FLOAT);
    }

    /** [n] with the digit of each image, as floats (Keras' y). */
    public INDArray labels() {
        float[] data = new float[size()];
        for (int i = 0; i < size(); i++) {
            data[i] = labels[i];
        }
        return Nd4j.create(data, new long[]{size()}, DataType.FLOAT);
    }

    /** [n, 10] with a 1 in the column of each image's digit (TF1's {@code one_hot=True}). */
    public INDArray oneHot() {
        float[] data = new float[size() * CLASSES];
        for (int i = 0; i < size(); i++) {
            data[i * CLASSES + labels[i]] = 1f;
        }
        return Nd4j.create(data, new long[]{size(), CLASSES}, DataType.FLOAT);
    }

    private INDArray matrix(float scale) {
        float[] data = new float[size() * PIXELS];
        for (int i = 0; i < data.length; i++) {
            data[i] = (images[i] & 0xFF) * scale;
        }
        return Nd4j.create(data, new long[]{size(), PIXELS}, DataType.FLOAT);
    }

    // ------------------------------------------------------------------ subsets

    /** The first {@code n} digits (sklearn-style {@code X[:60000]}). */
    public Digits first(int n) {
        return range(0, n);
    }

    /** The last {@code n} digits ({@code X[-10000:]}). */
    public Digits last(int n) {
        return range(size() - n, size());
    }

    /** Digits [from, to). */
    public Digits range(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IllegalArgumentException("range [" + from + ", " + to + ") is outside these " + size() + " digits");
        }
        byte[] subImages = new byte[(to - from) * PIXELS];
        System.arraycopy(images, from * PIXELS, subImages, 0, subImages.length);
        byte[] subLabels = new byte[to - from];
        System.arraycopy(labels, from, subLabels, 0, subLabels.length);
        return new Digits(subImages, subLabels);
    }

    /** The same digits in an order drawn from {@code seed}. */
    public Digits shuffled(long seed) {
        int[] order = Permutation.of(size(), new Random(seed));
        byte[] outImages = new byte[images.length];
        byte[] outLabels = new byte[labels.length];
        for (int i = 0; i < order.length; i++) {
            System.arraycopy(images, order[i] * PIXELS, outImages, i * PIXELS, PIXELS);
            outLabels[i] = labels[order[i]];
        }
        return new Digits(outImages, outLabels);
    }

    /** Training and validation parts. */
    public record Split(Digits train, Digits validation) {
    }

    /** Keras' {@code validation_split}: the <em>last</em> {@code fraction} of the digits validate, unshuffled. */
    public Split validationSplit(double fraction) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("validationSplit takes a fraction between 0 and 1, not " + fraction);
        }
        int validation = (int) (size() * fraction);
        return new Split(first(size() - validation), last(validation));
    }

    /** Minibatches that walk shuffled epochs, like TF1's {@code mnist.train.next_batch(n)}. */
    public Batches batches(long seed) {
        return new Batches(this, seed);
    }

    private int checkIndex(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("digit " + index + " of " + size());
        }
        return index;
    }

    @Override
    public String toString() {
        int[] counts = new int[CLASSES];
        for (byte label : labels) {
            counts[label]++;
        }
        return size() + " digits (28×28), per digit 0-9: " + java.util.Arrays.toString(counts);
    }

    /** A stream of minibatches: images scaled to [0,1] and one-hot labels. */
    public static final class Batches {
        private final Digits digits;
        private final Random random;
        private int[] order;
        private int next;
        private int epochs;

        Batches(Digits digits, long seed) {
            this.digits = digits;
            this.random = new Random(seed);
            this.order = Permutation.of(digits.size(), random);
        }

        /** The next {@code n} digits; a new shuffled epoch starts when this one runs out. */
        public Batch nextBatch(int n) {
            if (n <= 0) {
                throw new IllegalArgumentException("a batch holds at least one digit, not " + n);
            }
            float[] x = new float[n * PIXELS];
            float[] y = new float[n * CLASSES];
            for (int i = 0; i < n; i++) {
                if (next == order.length) {
                    order = Permutation.of(digits.size(), random);
                    next = 0;
                    epochs++;
                }
                int d = order[next++];
                for (int p = 0; p < PIXELS; p++) {
                    x[i * PIXELS + p] = (digits.images[d * PIXELS + p] & 0xFF) / 255f;
                }
                y[i * CLASSES + digits.labels[d]] = 1f;
            }
            return new Batch(Nd4j.create(x, new long[]{n, PIXELS}, DataType.FLOAT),
                    Nd4j.create(y, new long[]{n, CLASSES}, DataType.FLOAT));
        }

        /** Epochs completed so far. */
        public int epochs() {
            return epochs;
        }
    }

    /** Images [n, 784] in [0,1] and one-hot labels [n, 10]. */
    public record Batch(INDArray images, INDArray labels) {
    }
}
