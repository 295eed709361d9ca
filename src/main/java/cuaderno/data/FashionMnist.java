package cuaderno.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Fashion-MNIST: 28×28 grey images of clothes in 10 classes, 60,000 for training and 10,000 for testing, read
 * from {@code $CUADERNO_DATA/fashion-mnist} or from Debian's {@code dataset-fashion-mnist} package, raw or
 * gzipped, and checked by SHA-256 of the uncompressed content. The sets have MNIST's shape, so they are
 * {@link Digits} too; {@link #CLASS_NAMES} names the labels.
 */
public final class FashionMnist {

    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    static final Path DEBIAN = Path.of("/usr/share/datasets/fashion-mnist");

    // SHA-256 of the uncompressed files in Debian's dataset-fashion-mnist 0.0~git20200523 (upstream commit 55506a9)
    private static final List<String[]> FILES = List.of(
            new String[]{MnistFiles.TRAIN_IMAGES, "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"},
            new String[]{MnistFiles.TRAIN_LABELS, "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"},
            new String[]{MnistFiles.TEST_IMAGES, "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"},
            new String[]{MnistFiles.TEST_LABELS, "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"});

    private final Digits train;
    private final Digits test;

    private FashionMnist(Digits train, Digits test) {
        this.train = train;
        this.test = test;
    }

    public static FashionMnist load() {
        Idx.Array[] arrays = new Idx.Array[FILES.size()];
        for (int i = 0; i < arrays.length; i++) {
            arrays[i] = read(locate(FILES.get(i)[0]), FILES.get(i)[1]);
        }
        return new FashionMnist(Digits.of(arrays[0], arrays[1]), Digits.of(arrays[2], arrays[3]));
    }

    public Digits train() {
        return train;
    }

    public Digits test() {
        return test;
    }

    private static Path locate(String name) {
        for (Path folder : List.of(MnistFiles.cacheRoot().resolve("fashion-mnist"), DEBIAN)) {
            for (String candidate : List.of(name, name + ".gz")) {
                Path path = folder.resolve(candidate);
                if (Files.isRegularFile(path)) {
                    return path;
                }
            }
        }
        throw new DataError("Fashion-MNIST's " + name + " is not here. Install Debian's package (sudo apt-get install "
                + "dataset-fashion-mnist), or put the four files (raw or .gz) in " + MnistFiles.cacheRoot().resolve("fashion-mnist"));
    }

    /** Reads a raw or gzipped IDX file, refusing it unless its uncompressed content has the expected SHA-256. */
    private static Idx.Array read(Path path, String sha256) {
        try (InputStream file = Files.newInputStream(path);
             InputStream raw = path.toString().endsWith(".gz") ? new GZIPInputStream(file, 1 << 16) : file;
             DigestInputStream digesting = new DigestInputStream(raw, MessageDigest.getInstance("SHA-256"))) {
            Idx.Array array = Idx.read(digesting, path.toString());
            digesting.transferTo(java.io.OutputStream.nullOutputStream());
            String actual = HexFormat.of().formatHex(digesting.getMessageDigest().digest());
            if (!actual.equals(sha256)) {
                throw new DataError(path + " is not the Fashion-MNIST file expected: its content's SHA-256 is " + actual
                        + ", expected " + sha256 + ". Reinstall dataset-fashion-mnist or replace the file.");
            }
            return array;
        } catch (IOException e) {
            throw new DataError("cannot read " + path + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "Fashion-MNIST: train " + train.size() + ", test " + test.size() + " (classes " + CLASS_NAMES + ")";
    }
}
