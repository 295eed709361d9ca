package cuaderno.cli;

import cuaderno.kernel.ClassArchive;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Writes the kernelspec Jupyter finds: {@code kernel.json}, the launcher, the logos, and a copy of this jar with its
 * lib/ folder, so the installed kernel keeps working when the build folder changes.
 */
final class Install {

    private static final List<String> TEMPLATE = List.of("kernel.json", "cuaderno-kernel", "logo-32x32.png", "logo-64x64.png");

    private Install() {
    }

    static int run(List<String> args) throws IOException, InterruptedException, URISyntaxException {
        String name = "cuaderno";
        Path kernels = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--user" -> kernels = userKernels();
                case "--sys-prefix" -> kernels = sysPrefix().resolve("share/jupyter/kernels");
                case "--prefix" -> kernels = Path.of(value(args, ++i, arg)).resolve("share/jupyter/kernels");
                case "--name" -> name = value(args, ++i, arg);
                default -> {
                    System.err.println("install: unknown option '" + arg + "'. Options: --user, --sys-prefix, --prefix DIR, --name NAME");
                    return 2;
                }
            }
        }
        if (!name.matches("[a-zA-Z0-9._-]+")) {
            System.err.println("install: a kernel name may use letters, digits, '.', '_' and '-' only: " + name);
            return 2;
        }
        Path target = (kernels != null ? kernels : userKernels()).resolve(name).toAbsolutePath();
        Files.createDirectories(target);
        copyJar(target);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (String file : TEMPLATE) {
            try (InputStream in = Objects.requireNonNull(Install.class.getResourceAsStream("/kernelspec/" + file), file)) {
                byte[] bytes = in.readAllBytes();
                if (!file.endsWith(".png")) {
                    bytes = new String(bytes, StandardCharsets.UTF_8)
                            .replace("@KERNEL_DIR@", target.toString())
                            .replace("@JAVA@", java)
                            .getBytes(StandardCharsets.UTF_8);
                }
                Files.write(target.resolve(file), bytes);
            }
        }
        target.resolve("cuaderno-kernel").toFile().setExecutable(true);
        System.out.println("Installed kernelspec " + name + " (Java (Cuaderno)) in " + target);
        System.out.println(ClassArchive.create(target, java));
        return 0;
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    /** Jupyter's per-user data folder: $JUPYTER_DATA_DIR, else ~/.local/share/jupyter (Linux). */
    private static Path userKernels() {
        String dataDir = System.getenv("JUPYTER_DATA_DIR");
        Path base = dataDir != null && !dataDir.isBlank()
                ? Path.of(dataDir)
                : Path.of(System.getProperty("user.home"), ".local", "share", "jupyter");
        return base.resolve("kernels");
    }

    private static Path sysPrefix() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("python3", "-c", "import sys; print(sys.prefix)").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0 || out.isEmpty()) {
            throw new IOException("--sys-prefix needs python3 to tell its prefix; use --prefix DIR instead");
        }
        return Path.of(out);
    }

    /** Copies the running jar and its lib/ folder into the kernelspec. */
    private static void copyJar(Path target) throws IOException, URISyntaxException {
        Path jar = Path.of(Install.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (!Files.isRegularFile(jar)) {
            throw new IOException("install runs from the packaged jar: build it with 'mvn package', then run "
                    + "java -jar target/cuaderno.jar install");
        }
        Files.copy(jar, target.resolve("cuaderno.jar"), StandardCopyOption.REPLACE_EXISTING);
        Path sources = jar.resolveSibling("cuaderno-sources.jar"); // the helper API's Javadoc, for Shift-Tab
        if (Files.isRegularFile(sources)) {
            Files.copy(sources, target.resolve("cuaderno-sources.jar"), StandardCopyOption.REPLACE_EXISTING);
        }
        Path lib = jar.getParent().resolve("lib");
        Path targetLib = target.resolve("lib");
        if (Files.isDirectory(targetLib)) {
            try (Stream<Path> old = Files.list(targetLib)) {
                for (Path p : old.toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(targetLib);
        if (Files.isDirectory(lib)) {
            try (Stream<Path> jars = Files.list(lib)) {
                for (Path p : jars.toList()) {
                    Files.copy(p, targetLib.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
