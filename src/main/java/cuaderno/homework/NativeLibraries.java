package cuaderno.homework;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * ND4J's native libraries unpacked once, outside any sandbox, into a cache the sandboxes read. JavaCPP unpacks them
 * (about 400 MB) on first use and checks them against the jars on every start; a sandbox cannot write them (its
 * writable area is small on purpose), so it gets this folder read-only. The cache is kept per jar set: a stamp file
 * names the jars it was made from.
 */
final class NativeLibraries {

    private static final String STAMP = ".cuaderno-stamp";

    private NativeLibraries() {
    }

    /** Run in a child JVM: loading ND4J's backend unpacks everything it needs into the cache directory. */
    public static void main(String[] args) {
        org.nd4j.linalg.factory.Nd4j.scalar(1.0f).addi(1.0f);
        System.out.println("native libraries ready");
    }

    /** The cache folder, filled for these jars if it was not already. */
    static Path ready(Path jar, Path lib) {
        Path cache = cacheDirectory();
        String stamp = fingerprint(lib);
        try {
            Path stampFile = cache.resolve(STAMP);
            if (Files.isRegularFile(stampFile) && Files.readString(stampFile).equals(stamp)) {
                return cache;
            }
            Files.createDirectories(cache);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(java, "-Djava.awt.headless=true",
                    "-Dorg.bytedeco.javacpp.cachedir=" + cache, "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0",
                    "-cp", jar.toString(), NativeLibraries.class.getName())
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new HomeworkError("could not unpack ND4J's native libraries into " + cache + ": "
                        + output.strip().lines().reduce((a, b) -> b).orElse("no output"));
            }
            Files.writeString(stampFile, stamp);
            return cache;
        } catch (IOException e) {
            throw new HomeworkError("cannot prepare the native library cache " + cache + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HomeworkError("interrupted");
        }
    }

    /** The folders JavaCPP made (one per jar), which a sandbox binds read-only. */
    static List<Path> folders(Path cache) {
        try (Stream<Path> entries = Files.list(cache)) {
            return entries.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Path cacheDirectory() {
        String configured = System.getenv("CUADERNO_NATIVE_CACHE");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".cuaderno", "native-cache");
    }

    /** Names, sizes and times of the jars that carry native code: JavaCPP re-unpacks when any of them changes. */
    private static String fingerprint(Path lib) {
        List<String> parts = new ArrayList<>();
        try (Stream<Path> jars = Files.list(lib)) {
            for (Path jar : jars.sorted().toList()) {
                String name = jar.getFileName().toString();
                if (name.matches("(javacpp|openblas|nd4j-native).*\\.jar")) {
                    parts.add(name + ":" + Files.size(jar) + ":" + Files.getLastModifiedTime(jar).toMillis());
                }
            }
        } catch (IOException e) {
            throw new HomeworkError("cannot read " + lib + ": " + e.getMessage(), e);
        }
        return String.join("\n", parts);
    }
}
