package cuaderno.data;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The MNIST handwritten digits: 60,000 for training, 10,000 for testing.
 * <pre>
 * Mnist mnist = Mnist.load();          // the real data set, fetched once and checked by SHA-256
 * Mnist mnist = Mnist.sample();        // 1,000 + 1,000 real digits shipped in the jar, no download
 * INDArray x = mnist.train().pixels(); // then scaled(), normalized(), oneHot(), sequences(), ...
 * </pre>
 * Loading again while digits from an earlier load are still in use shares them instead of reading another copy
 * (re-running a notebook's loading cell costs nothing more).
 */
public final class Mnist {

    private static final String SAMPLE = "/cuaderno/data/mnist-sample/";

    /** The bytes of each data set loaded, by where it came from, for as long as some digits still use them. */
    private static final Map<String, Loaded> LOADED = new HashMap<>();

    private final Digits train;
    private final Digits test;
    private final String source;

    private Mnist(Digits train, Digits test, String source) {
        this.train = train;
        this.test = test;
        this.source = source;
    }

    /**
     * The full data set from the cache, fetching it the first time (see {@link MnistFiles}); in quick mode
     * ({@code CUADERNO_QUICK=1}, see {@link QuickMode}) the {@link #sample()} instead, which its toString says.
     */
    public static Mnist load() {
        if (QuickMode.on()) {
            return sample();
        }
        String source = MnistFiles.folder().toString();
        Mnist loaded = loaded(source);
        if (loaded != null) {
            return loaded;
        }
        Path folder = MnistFiles.require();
        return remember(new Mnist(
                Digits.of(Idx.read(folder.resolve(MnistFiles.TRAIN_IMAGES)), Idx.read(folder.resolve(MnistFiles.TRAIN_LABELS))),
                Digits.of(Idx.read(folder.resolve(MnistFiles.TEST_IMAGES)), Idx.read(folder.resolve(MnistFiles.TEST_LABELS))),
                folder.toString()));
    }

    /** The first 1,000 training and first 1,000 test digits of the real MNIST, from inside the jar. */
    public static Mnist sample() {
        String source = "the sample inside cuaderno.jar";
        Mnist loaded = loaded(source);
        if (loaded != null) {
            return loaded;
        }
        return remember(new Mnist(
                Digits.of(resource(MnistFiles.TRAIN_IMAGES), resource(MnistFiles.TRAIN_LABELS)),
                Digits.of(resource(MnistFiles.TEST_IMAGES), resource(MnistFiles.TEST_LABELS)),
                source));
    }

    /** Weak references to a load's digits: they keep nothing alive, and find the digits while something does. */
    private record Loaded(WeakReference<Digits.Bytes> train, WeakReference<Digits.Bytes> test) {
    }

    private static Mnist loaded(String source) {
        synchronized (LOADED) {
            Loaded loaded = LOADED.get(source);
            Digits.Bytes train = loaded == null ? null : loaded.train().get();
            Digits.Bytes test = loaded == null ? null : loaded.test().get();
            return train == null || test == null ? null : new Mnist(train.digits(), test.digits(), source);
        }
    }

    private static Mnist remember(Mnist mnist) {
        synchronized (LOADED) {
            LOADED.put(mnist.source, new Loaded(new WeakReference<>(mnist.train.bytes()), new WeakReference<>(mnist.test.bytes())));
        }
        return mnist;
    }

    private static Idx.Array resource(String name) {
        try (InputStream in = Mnist.class.getResourceAsStream(SAMPLE + name + ".gz")) {
            if (in == null) {
                throw new DataError("the MNIST sample " + name + " is missing from the jar; rebuild it with mvn package");
            }
            return Idx.read(in, name + " (sample)");
        } catch (IOException e) {
            throw new DataError("cannot read the MNIST sample " + name + ": " + e.getMessage(), e);
        }
    }

    public Digits train() {
        return train;
    }

    public Digits test() {
        return test;
    }

    @Override
    public String toString() {
        return "MNIST from " + withoutHome(source) + ": train " + train.size() + ", test " + test.size();
    }

    /** The home folder written as ~, so that a notebook's output does not carry the machine's user name. */
    private static String withoutHome(String source) {
        String home = System.getProperty("user.home");
        return home != null && !home.isEmpty() && source.startsWith(home + "/") ? "~" + source.substring(home.length())
                : source;
    }
}
