package cuaderno.magic;

import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The IJava-compatible magics (%maven, %jars, %classpath, %load, %time, %%time, %lsmagic) and %memory. */
public final class StandardMagics {

    private StandardMagics() {
    }

    public static void register(MagicsRegistry registry, MagicHost host) {
        registry.registerLineMagic("maven", (kernel, args) -> maven(host, args));
        registry.registerLineMagic("jars", (kernel, args) -> jars(host, args));
        registry.registerLineMagic("classpath", (kernel, args) -> classpath(host, args));
        registry.registerLineMagic("load", (kernel, args) -> load(host, args));
        registry.registerLineMagic("time", (kernel, args) -> time(host, String.join(" ", args), "%time"));
        registry.registerCellMagic("time", (kernel, args, body) -> time(host, body, "%%time"));
        registry.registerLineMagic("lsmagic", (kernel, args) -> lsmagic(host));
        registry.registerLineMagic("memory", (kernel, args) -> host.memoryReport());
    }

    private static Object maven(MagicHost host, List<String> args) {
        if (args.isEmpty()) {
            throw new MagicError("%maven needs coordinates, for example: %maven org.apache.commons:commons-math3:3.6.1");
        }
        List<Path> jars = MavenResolver.resolve(args);
        host.addToClasspath(jars);
        System.out.println("Added " + jars.size() + (jars.size() == 1 ? " jar" : " jars") + " to the classpath: "
                + String.join(", ", jars.stream().map(p -> p.getFileName().toString()).toList()));
        return null;
    }

    private static Object jars(MagicHost host, List<String> args) {
        if (args.isEmpty()) {
            throw new MagicError("%jars needs paths or globs, for example: %jars lib/*.jar");
        }
        List<Path> found = new ArrayList<>();
        for (String arg : args) {
            List<Path> matches = glob(arg);
            if (matches.isEmpty()) {
                throw new MagicError("%jars: nothing matches '" + arg + "' (relative paths start in "
                        + Path.of("").toAbsolutePath() + ")");
            }
            found.addAll(matches);
        }
        host.addToClasspath(found);
        return null;
    }

    private static Object classpath(MagicHost host, List<String> args) {
        if (args.isEmpty()) {
            host.classpath().forEach(System.out::println);
            return null;
        }
        return jars(host, args);
    }

    private static Object load(MagicHost host, List<String> args) throws Exception {
        if (args.size() != 1) {
            throw new MagicError("%load takes one file, for example: %load helpers.jsh");
        }
        Path file = Path.of(args.get(0));
        if (!Files.isRegularFile(file)) {
            throw new MagicError("%load: no file " + file.toAbsolutePath());
        }
        return host.run(Files.readString(file), file.getFileName().toString()).orElse(null);
    }

    private static Object time(MagicHost host, String code, String magic) throws Exception {
        if (code.isBlank()) {
            throw new MagicError(magic + " needs code to time, for example: %time fib(30)");
        }
        long start = System.nanoTime();
        try {
            Optional<Object> value = host.run(code, magic);
            return value.orElse(null);
        } finally {
            System.out.println("Wall time: " + formatNanos(System.nanoTime() - start));
        }
    }

    static String formatNanos(long nanos) {
        if (nanos < 1_000_000) {
            return String.format("%.0f µs", nanos / 1e3);
        }
        if (nanos < 1_000_000_000) {
            return String.format("%.1f ms", nanos / 1e6);
        }
        return String.format("%.2f s", nanos / 1e9);
    }

    private static Object lsmagic(MagicHost host) {
        System.out.println("Line magics: " + String.join(" ", host.lineMagicNames().stream().sorted().map(n -> "%" + n).toList()));
        System.out.println("Cell magics: " + String.join(" ", host.cellMagicNames().stream().sorted().map(n -> "%%" + n).toList()));
        return null;
    }

    /** A path, or a glob such as {@code lib/*.jar} or {@code libs/**}. */
    static List<Path> glob(String pattern) {
        Path literal = Path.of(pattern);
        if (!pattern.contains("*") && !pattern.contains("?") && !pattern.contains("[")) {
            return Files.exists(literal) ? List.of(literal.toAbsolutePath()) : List.of();
        }
        int firstWild = pattern.replaceAll("[*?\\[].*$", "").lastIndexOf('/');
        Path base = firstWild < 0 ? Path.of("") : Path.of(pattern.substring(0, firstWild + 1));
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        Path absoluteBase = base.toAbsolutePath();
        if (!Files.isDirectory(absoluteBase)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(absoluteBase)) {
            return walk.filter(p -> matcher.matches(base.resolve(absoluteBase.relativize(p))))
                    .map(Path::toAbsolutePath)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new MagicError("%jars: cannot read " + absoluteBase + ": " + e.getMessage());
        }
    }
}
