package cuaderno.data;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Random;

/**
 * A set of 28×28 grey-scale digit images with their labels, as stored in MNIST (unsigned bytes 0..255). Each view
 * the course uses is one call: {@link #pixels()} as Keras' {@code mnist.load_data()} or sklearn's
 * {@code fetch_openml} give them, {@link #scaled()} and {@link #oneHot()} as TF1's {@code input_data},
 * {@link #normalized()} as sklearn's {@code normalize}, {@link #sequences()} for an LSTM.
 * <p>
 * What things cost: the digits themselves are bytes on the Java heap (785 per digit), shared by every subset cut
 * from them ({@link #first}, {@link #last}, {@link #range}, {@link #validationSplit} copy nothing). A view is a float
 * array in native memory, 3,136 bytes per digit (60,000 digits: 188 MB), made straight from the bytes with no copy on
 * the heap, and freed once no variable holds it. Asking for the same view of the same digits again while it is held
 * gives an array over the same memory, once a check finds it still holds the view's values: an in-place change
 * ({@code x.divi(255)}) shows through every variable holding it, and the next call makes a fresh copy.
 */
public final class Digits {

    public static final int SIDE = 28;
    public static final int PIXELS = SIDE * SIDE;
    public static final int CLASSES = 10;

    /** Rows of floats written to a view's native memory at a time (about 800 KB). */
    private static final int CHUNK_ROWS = 256;

    /**
     * A data set's bytes, shared by every subset cut from it: images as unsigned bytes, 784 per digit, and labels.
     * {@link Mnist} finds them again, weakly, while any digits still use them.
     */
    record Bytes(byte[] images, byte[] labels, ViewCache views) {

        Bytes(byte[] images, byte[] labels) {
            this(images, labels, new ViewCache());
        }

        /** All of them as digits. */
        Digits digits() {
            return new Digits(this, 0, labels.length);
        }
    }

    private final Bytes bytes;
    private final byte[] imageBytes;
    private final byte[] labelBytes;
    /** Where this set starts in the shared arrays, in digits. */
    private final int start;
    private final int size;

    private Digits(Bytes bytes, int start, int size) {
        this.bytes = bytes;
        this.imageBytes = bytes.images();
        this.labelBytes = bytes.labels();
        this.start = start;
        this.size = size;
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
        return ofBytes(images.data(), labels.data());
    }

    /** Images (n × 784 unsigned bytes) and labels made elsewhere in this package, e.g. by {@link Augmentation}. */
    static Digits ofBytes(byte[] images, byte[] labels) {
        return new Bytes(images, labels).digits();
    }

    /** The bytes these digits are cut from (more than these digits when this is a subset). */
    Bytes bytes() {
        return bytes;
    }

    public int size() {
        return size;
    }

    public int label(int index) {
        return labelBytes[start + checkIndex(index)];
    }

    /** One image as 28 rows of 28 values 0..255. */
    public int[][] image(int index) {
        int base = (start + checkIndex(index)) * PIXELS;
        int[][] image = new int[SIDE][SIDE];
        for (int r = 0; r < SIDE; r++) {
            for (int c = 0; c < SIDE; c++) {
                image[r][c] = imageBytes[base + r * SIDE + c] & 0xFF;
            }
        }
        return image;
    }

    /** Pixel {@code p} (0..783) of digit {@code i}, 0..255. */
    private int pixel(int i, int p) {
        return imageBytes[(start + i) * PIXELS + p] & 0xFF;
    }

    // ------------------------------------------------------------------ views

    /** [n, 784] with the raw values 0..255 as floats (Keras' uint8 pixels, fetch_openml's float64). */
    public INDArray pixels() {
        return pixels(new long[]{size(), PIXELS});
    }

    /** [n, 28, 28] with values 0..255, the shape of Keras' {@code mnist.load_data()} (the memory of pixels()). */
    public INDArray images() {
        return pixels(new long[]{size(), SIDE, SIDE});
    }

    private INDArray pixels(long[] shape) {
        return view("pixels", PIXELS, shape, scaledBy(1f));
    }

    /** [n, 784] scaled to [0, 1] (divided by 255), as TF1's input_data gives them. */
    public INDArray scaled() {
        return view("scaled", PIXELS, new long[]{size(), PIXELS}, scaledBy(1f / 255f));
    }

    /** [n, 784], each row divided by its Euclidean length, like sklearn's {@code normalize(X)}. */
    public INDArray normalized() {
        return view("normalized", PIXELS, new long[]{size(), PIXELS}, (i, row, at) -> {
            double sum = 0;
            for (int p = 0; p < PIXELS; p++) {
                int v = pixel(i, p);
                sum += (double) v * v;
            }
            float norm = sum == 0 ? 1f : (float) Math.sqrt(sum);
            for (int p = 0; p < PIXELS; p++) {
                row[at + p] = pixel(i, p) / norm;
            }
        });
    }

    /**
     * [n, 28, 28] scaled to [0, 1] as 28 time steps (the image's rows) of 28 features (a row's pixels), in Keras'
     * recurrent layout [examples, time steps, features]: element [i, t, f] is pixel (row t, column f).
     */
    public INDArray sequences() {
        return view("sequences", PIXELS, new long[]{size(), SIDE, SIDE}, (i, row, at) -> {
            for (int p = 0; p < PIXELS; p++) { // row by row: Keras' layout is the image's own
                row[at + p] = pixel(i, p) / 255f;
            }
        });
    }

    /** [n] with the digit of each image, as floats (Keras' y). */
    public INDArray labels() {
        return view("labels", 1, new long[]{size()}, (i, row, at) -> row[at] = labelBytes[start + i]);
    }

    /** [n, 10] with a 1 in the column of each image's digit (TF1's {@code one_hot=True}). */
    public INDArray oneHot() {
        return view("oneHot", CLASSES, new long[]{size(), CLASSES}, (i, row, at) -> {
            Arrays.fill(row, at, at + CLASSES, 0f);
            row[at + labelBytes[start + i]] = 1f;
        });
    }

    private RowWriter scaledBy(float scale) {
        return (i, row, at) -> {
            int base = (start + i) * PIXELS;
            for (int p = 0; p < PIXELS; p++) {
                row[at + p] = (imageBytes[base + p] & 0xFF) * scale;
            }
        };
    }

    /** Writes the {@code width} values of digit {@code i} into {@code row} from {@code at}. */
    private interface RowWriter {
        void write(int i, float[] row, int at);
    }

    /**
     * The view called {@code name} of these digits, {@code shape} over {@code width} floats per digit. If an array
     * made earlier for it is still held and still holds its values, one over the same memory; otherwise a new one.
     */
    private INDArray view(String name, int width, long[] shape, RowWriter writer) {
        if (size() == 0) {
            return Nd4j.create(DataType.FLOAT, shape);
        }
        ViewCache.Key key = new ViewCache.Key(name, start, size);
        DataBuffer held = bytes.views().get(key);
        if (held != null && holdsValues(held, width, writer)) {
            return Nd4j.create(held, shape);
        }
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
        FloatBuffer target = out.data().asNioFloat();
        eachChunk(width, writer, (chunk, length) -> {
            target.put(chunk, 0, length);
            return true;
        });
        bytes.views().put(key, out.data());
        return out;
    }

    /** Whether {@code buffer} still holds what {@code writer} writes (nobody changed it in place or closed it). */
    private boolean holdsValues(DataBuffer buffer, int width, RowWriter writer) {
        if (buffer.wasClosed() || buffer.length() != (long) size() * width) {
            return false;
        }
        FloatBuffer values = buffer.asNioFloat();
        float[] held = new float[chunkRows() * width];
        return eachChunk(width, writer, (chunk, length) -> {
            values.get(held, 0, length);
            return Arrays.equals(chunk, 0, length, held, 0, length);
        });
    }

    /** Takes {@code length} values of a chunk; false stops the walk. */
    private interface ChunkReader {
        boolean read(float[] chunk, int length);
    }

    /**
     * Hands the view's values to {@code reader} a few hundred digits at a time, through one small buffer: a view
     * costs its own size and nothing more (a whole float[] on the heap first would double it, and the heap, once
     * grown for it, stays that big). False if the reader stopped the walk.
     */
    private boolean eachChunk(int width, RowWriter writer, ChunkReader reader) {
        int rows = chunkRows();
        float[] chunk = new float[rows * width];
        for (int from = 0; from < size(); from += rows) {
            int to = Math.min(size(), from + rows);
            for (int i = from; i < to; i++) {
                writer.write(i, chunk, (i - from) * width);
            }
            if (!reader.read(chunk, (to - from) * width)) {
                return false;
            }
        }
        return true;
    }

    private int chunkRows() {
        return Math.min(CHUNK_ROWS, size());
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

    /** Digits [from, to); shares these digits' bytes (no copy). */
    public Digits range(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IllegalArgumentException("range [" + from + ", " + to + ") is outside these " + size() + " digits");
        }
        return new Digits(bytes, start + from, to - from);
    }

    /** The same digits in an order drawn from {@code seed} (a copy of their bytes in that order). */
    public Digits shuffled(long seed) {
        int[] order = Permutation.of(size(), new Random(seed));
        byte[] outImages = new byte[size() * PIXELS];
        byte[] outLabels = new byte[size()];
        for (int i = 0; i < order.length; i++) {
            System.arraycopy(imageBytes, (start + order[i]) * PIXELS, outImages, i * PIXELS, PIXELS);
            outLabels[i] = labelBytes[start + order[i]];
        }
        return ofBytes(outImages, outLabels);
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
        for (int i = 0; i < size; i++) {
            counts[labelBytes[start + i]]++;
        }
        return size() + " digits (28×28), per digit 0-9: " + Arrays.toString(counts);
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
                    x[i * PIXELS + p] = digits.pixel(d, p) / 255f;
                }
                y[i * CLASSES + digits.label(d)] = 1f;
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
