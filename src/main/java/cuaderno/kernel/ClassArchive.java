package cuaderno.kernel;

import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A class-data-sharing archive of the classes a kernel loads before it reports ready (JShell's compiler, jjava,
 * jeromq, the helper API). A kernel started with it maps those classes from the file instead of loading and
 * verifying each one, which saves about a quarter of its start-up work; kernels on one machine also share those pages.
 * <p>
 * {@code install} writes it next to the installed jar by running this class's {@link #main} (a kernel's start-up,
 * its sockets on loopback ports) in a JVM that dumps what it loaded at exit; the launcher uses it when it is there.
 * An archive that no longer matches the jars or the JDK (after a JDK update) is ignored by the JVM, and the kernel
 * starts as it would without one.
 */
public final class ClassArchive {

    /** The archive's name in the kernel's folder; the launcher looks for it there. */
    public static final String FILE = "cuaderno.jsa";

    private static final long TIMEOUT_SECONDS = 300;

    private ClassArchive() {
    }

    /**
     * Writes {@code kernelDir/cuaderno.jsa} for the jar installed in {@code kernelDir}.
     *
     * @param java the {@code java} the launcher runs
     * @return a line saying what happened, for the install log
     */
    public static String create(Path kernelDir, String java) throws IOException, InterruptedException {
        Path archive = kernelDir.resolve(FILE);
        Files.deleteIfExists(archive);
        // the same class path as the launcher's "java -jar cuaderno.jar": the jar and its manifest's lib/ entries
        List<String> command = List.of(java, "-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds*=off",
                "-Djava.awt.headless=true", "-XX:+UseSerialGC", "--add-opens", "jdk.jshell/jdk.jshell=ALL-UNNAMED",
                "-cp", kernelDir.resolve("cuaderno.jar").toString(), ClassArchive.class.getName());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            Files.deleteIfExists(archive);
            return "Class archive not written (start-up took over " + TIMEOUT_SECONDS + " s); the kernel starts without it";
        }
        if (process.exitValue() != 0 || !Files.isRegularFile(archive)) {
            Files.deleteIfExists(archive);
            return "Class archive not written (exit " + process.exitValue() + "); the kernel starts without it";
        }
        return "Archived the kernel's start-up classes in " + archive + " (" + Files.size(archive) / (1024 * 1024) + " MB)";
    }

    /**
     * The training run: a kernel's start-up up to ready, with its sockets bound on loopback ports the system picks
     * where it can, then exit (the JVM writes the archive).
     */
    public static void main(String[] args) {
        CuadernoKernel kernel = new CuadernoKernel();
        kernel.onStartup();
        KernelConnection connection = null;
        try {
            connection = new KernelConnection(new KernelConnectionProperties("127.0.0.1", 0, 0, 0, 0, 0, "tcp",
                    "hmac-sha256", UUID.randomUUID().toString()));
            kernel.becomeHandlerForConnection(connection);
            connection.connect();
        } catch (Exception | LinkageError noSockets) {
            // an archive without the socket classes still holds most of the start-up
        }
        kernel.awaitReady(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (connection != null) {
            connection.close();
        }
        System.exit(0);
    }
}
