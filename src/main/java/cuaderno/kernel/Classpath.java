package cuaderno.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The kernel's own classpath as a list of entries, following jar manifests' Class-Path: {@code java -jar
 * cuaderno.jar} and Surefire's manifest-only jar both hide the real entries there. Cells compile against it.
 */
final class Classpath {

    private Classpath() {
    }

    static List<String> ofThisJvm() {
        Set<String> entries = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
            if (!entry.isBlank()) {
                add(Path.of(entry).toAbsolutePath().normalize(), entries);
            }
        }
        return new ArrayList<>(entries);
    }

    private static void add(Path entry, Set<String> entries) {
        if (!Files.exists(entry) || !entries.add(entry.toString()) || !entry.toString().endsWith(".jar")) {
            return;
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            Manifest manifest = jar.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (classPath == null) {
                return;
            }
            for (String item : classPath.trim().split("\\s+")) {
                Path resolved = item.startsWith("file:")
                        ? Path.of(java.net.URI.create(item))
                        : entry.getParent().resolve(item);
                add(resolved.toAbsolutePath().normalize(), entries);
            }
        } catch (IOException | IllegalArgumentException e) {
            // not a readable jar: keep the entry as it is
        }
    }
}
