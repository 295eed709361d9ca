package cuaderno.homework;

import cuaderno.data.MnistFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Where a notebook's kernel runs. {@link #isolated} is a bubblewrap sandbox per run that sees only what it needs:
 * the system's programs and libraries read-only (/usr and a few files of /etc), this jar and its libraries, the
 * notebook runner, ND4J's unpacked native libraries and the data sets, all read-only; a private /tmp (size-limited
 * tmpfs) as the only writable place, holding the notebook's own copy; no network (only its own loopback), its own
 * process and IPC namespaces, no capabilities. Every process in it has a file-size and an address-space limit.
 * {@link #plain} runs the same runner on the machine as it is, for a student's own validate where bubblewrap is
 * missing.
 *
 * <p>Both use a private kernelspec made from this jar, so a notebook is run by exactly the code that grades it,
 * whatever kernel Jupyter has installed.
 */
public final class Sandbox implements AutoCloseable {

    private static final String INSIDE = "/opt/cuaderno";
    private static final String KERNEL_INSIDE = INSIDE + "/kernels/cuaderno";
    private static final String RUNNER = "run_notebook.py";
    /** What of /etc a JVM, Python and fontconfig read; the rest of /etc stays out of sight. */
    private static final List<String> ETC = List.of("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d",
            "/etc/alternatives", "/etc/fonts", "/etc/localtime", "/etc/passwd", "/etc/group", "/etc/nsswitch.conf",
            "/etc/hosts", "/etc/mime.types", "/etc/python3", "/etc/python3.11", "/etc/ssl/certs");

    private final boolean isolated;
    private final Limits limits;
    private final Path work;
    private final Path jar;
    private final Path lib;
    private final Path nativeCache;

    private Sandbox(boolean isolated, Limits limits) {
        this.isolated = isolated;
        this.limits = limits;
        this.jar = runningJar();
        this.lib = jar.resolveSibling("lib");
        try {
            this.work = Files.createTempDirectory("cuaderno-homework-");
            writeKernelSpec();
            try (InputStream in = Objects.requireNonNull(Sandbox.class.getResourceAsStream(RUNNER), RUNNER)) {
                Files.copy(in, work.resolve(RUNNER));
            }
            Files.createDirectories(work.resolve("logs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.nativeCache = isolated ? NativeLibraries.ready(jar, lib) : null;
    }

    /** A bubblewrap sandbox per run; refused with a clear message where bubblewrap is missing or does not work. */
    public static Sandbox isolated(Limits limits) {
        String problem = bubblewrapProblem();
        if (problem != null) {
            throw new HomeworkError(problem);
        }
        return new Sandbox(true, limits);
    }

    /** Runs on the machine as it is (same limits on time and Java memory, no isolation). */
    public static Sandbox plain(Limits limits) {
        return new Sandbox(false, limits);
    }

    /** Isolated when bubblewrap works here, else plain. */
    public static Sandbox best(Limits limits) {
        return bubblewrapProblem() == null ? isolated(limits) : plain(limits);
    }

    public boolean isIsolated() {
        return isolated;
    }

    public Limits limits() {
        return limits;
    }

    /** Why bubblewrap cannot be used here, or null when it can. */
    public static String bubblewrapProblem() {
        if (!Files.isExecutable(Path.of("/usr/bin/bwrap"))) {
            return "bubblewrap is not installed: apt-get install bubblewrap (or --no-sandbox to run students' code "
                    + "unprotected)";
        }
        try {
            Process probe = new ProcessBuilder("/usr/bin/bwrap", "--unshare-all", "--die-with-parent",
                    "--ro-bind", "/usr", "/usr", "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib",
                    "--symlink", "usr/lib64", "/lib64", "/usr/bin/true").redirectErrorStream(true).start();
            String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!probe.waitFor(20, TimeUnit.SECONDS) || probe.exitValue() != 0) {
                probe.destroyForcibly();
                return "bubblewrap does not work here (" + output + "): it needs root or unprivileged user "
                        + "namespaces (sysctl kernel.unprivileged_userns_clone=1)";
            }
            return null;
        } catch (IOException e) {
            return "bubblewrap could not start: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /**
     * The command that runs the notebook runner, with its environment.
     *
     * @param language the students' language, for the kernel's test messages
     */
    ProcessBuilder runner(String language, Path log) {
        Map<String, String> env = new LinkedHashMap<>();
        List<String> command = new ArrayList<>(List.of("/usr/bin/prlimit", "--fsize=" + limits.diskBytes(),
                "--as=" + limits.addressSpaceBytes(), "--core=0", "--"));
        String jvmOptions = limits.jvmOptions() + " -XX:ErrorFile=/tmp/hs_err_pid%p.log";
        if (isolated) {
            jvmOptions += " -Dorg.bytedeco.javacpp.cachedir=" + INSIDE + "/javacpp";
            command.addAll(bubblewrap());
            env.put("PATH", "/usr/bin:/bin");
            env.put("HOME", "/tmp/home");
            env.put("LANG", "C.UTF-8");
            env.put("JUPYTER_CONFIG_DIR", "/tmp/jupyter/config");
            env.put("JUPYTER_DATA_DIR", "/tmp/jupyter/data");
            env.put("JUPYTER_RUNTIME_DIR", "/tmp/jupyter/runtime");
            env.put("JUPYTER_PATH", INSIDE);
            env.put("CUADERNO_DATA", INSIDE + "/data");
            command.add("/usr/bin/python3");
            command.add(INSIDE + "/" + RUNNER);
        } else {
            env.putAll(System.getenv());
            env.put("JUPYTER_PATH", work.toString());
            env.put("JUPYTER_RUNTIME_DIR", work.resolve("runtime").toString());
            command.add("/usr/bin/python3");
            command.add(work.resolve(RUNNER).toString());
        }
        env.put("CUADERNO_JVM_OPTS", jvmOptions);
        env.put("CUADERNO_LANGUAGE", language);
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
        env.put("MALLOC_ARENA_MAX", "2"); // glibc's per-thread arenas would eat the address-space limit
        env.put("OMP_NUM_THREADS", System.getenv().getOrDefault("OMP_NUM_THREADS", "1"));
        String quick = System.getenv("CUADERNO_QUICK");
        if (quick != null) {
            env.put("CUADERNO_QUICK", quick);
        }
        if (isolated) {
            // bubblewrap clears the environment (--clearenv): the sandbox gets exactly these variables
            int at = command.indexOf("/usr/bin/python3");
            List<String> setenv = new ArrayList<>();
            env.forEach((name, value) -> setenv.addAll(List.of("--setenv", name, value)));
            command.addAll(at, setenv);
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(isolated ? Map.of("PATH", "/usr/bin:/bin") : env);
        if (isolated) {
            builder.directory(work.toFile());
        } else {
            Path dir = newRunDirectory();
            builder.directory(dir.toFile());
        }
        builder.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return builder;
    }

    private List<String> bubblewrap() {
        List<String> args = new ArrayList<>(List.of("/usr/bin/bwrap", "--unshare-all", "--die-with-parent",
                "--new-session", "--cap-drop", "ALL", "--clearenv", "--hostname", "sandbox",
                "--ro-bind", "/usr", "/usr"));
        for (String dir : List.of("bin", "lib", "lib32", "lib64", "sbin")) {
            Path path = Path.of("/", dir);
            if (Files.isSymbolicLink(path)) {
                args.addAll(List.of("--symlink", "usr/" + dir, "/" + dir));
            } else if (Files.isDirectory(path)) {
                args.addAll(List.of("--ro-bind", path.toString(), path.toString()));
            }
        }
        List<String> etc = new ArrayList<>(ETC);
        try (Stream<Path> javaConf = Files.list(Path.of("/etc"))) {
            javaConf.filter(p -> p.getFileName().toString().startsWith("java-")).forEach(p -> etc.add(p.toString()));
        } catch (IOException e) {
            // no /etc/java-*: a JDK that keeps its configuration inside java.home
        }
        for (String path : etc) {
            args.addAll(List.of("--ro-bind-try", path, path));
        }
        String javaHome = Path.of(System.getProperty("java.home")).toAbsolutePath().toString();
        if (!javaHome.startsWith("/usr/")) {
            args.addAll(List.of("--ro-bind", javaHome, javaHome));
        }
        args.addAll(List.of("--proc", "/proc", "--dev", "/dev",
                "--size", Long.toString(limits.diskBytes()), "--tmpfs", "/tmp",
                "--dir", "/tmp/home", "--dir", "/tmp/work", "--dir", "/tmp/jupyter",
                "--ro-bind", work.resolve("kernels").toString(), INSIDE + "/kernels",
                "--ro-bind", jar.toString(), KERNEL_INSIDE + "/cuaderno.jar",
                "--ro-bind", lib.toString(), KERNEL_INSIDE + "/lib",
                "--ro-bind", work.resolve(RUNNER).toString(), INSIDE + "/" + RUNNER,
                "--size", Long.toString(1024 * 1024), "--tmpfs", INSIDE + "/javacpp"));
        for (Path folder : NativeLibraries.folders(nativeCache)) {
            args.addAll(List.of("--ro-bind", folder.toString(), INSIDE + "/javacpp/" + folder.getFileName()));
        }
        Path data = MnistFiles.cacheRoot();
        if (Files.isDirectory(data)) {
            args.addAll(List.of("--ro-bind", data.toString(), INSIDE + "/data"));
        }
        args.addAll(List.of("--chdir", "/tmp/work"));
        return args;
    }

    /** A kernelspec of our own: Cuaderno's launcher and kernel.json, pointing at this very jar. */
    private void writeKernelSpec() throws IOException {
        Path kernel = work.resolve("kernels").resolve("cuaderno");
        Files.createDirectories(kernel);
        String kernelDir = isolated ? KERNEL_INSIDE : kernel.toString();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (String file : List.of("kernel.json", "cuaderno-kernel")) {
            try (InputStream in = Objects.requireNonNull(Sandbox.class.getResourceAsStream("/kernelspec/" + file), file)) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                        .replace("@KERNEL_DIR@", kernelDir).replace("@JAVA@", java);
                Files.writeString(kernel.resolve(file), text);
            }
        }
        if (isolated) {
            Files.createFile(kernel.resolve("cuaderno.jar")); // mount points for the jar and its libraries
            Files.createDirectories(kernel.resolve("lib"));
        } else {
            Files.createSymbolicLink(kernel.resolve("cuaderno.jar"), jar);
            Files.createSymbolicLink(kernel.resolve("lib"), lib);
        }
    }

    private Path newRunDirectory() {
        try {
            return Files.createTempDirectory(work, "run-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path logFile(String name) {
        return work.resolve("logs").resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".log");
    }

    private static Path runningJar() {
        try {
            Path location = Path.of(Sandbox.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(location)) {
                throw new HomeworkError("notebooks run from the packaged jar: build it with 'mvn package' and run "
                        + "java -jar target/cuaderno.jar");
            }
            return location.toAbsolutePath();
        } catch (URISyntaxException e) {
            throw new HomeworkError("cannot find the running jar: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(work)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // a temporary folder left behind is not worth failing a grading run for
        }
    }
}
