package cuaderno.kernel;

import jdk.jshell.SourceCodeAnalysis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where Shift-Tab finds Javadoc. JShell reads it from source files only, and looks in one place: the JDK's
 * {@code lib/src.zip} (Debian's {@code openjdk-17-source}). This adds, to JShell's own list of source locations, the
 * sources jar beside any jar the cells compile against: {@code cuaderno-sources.jar} beside {@code cuaderno.jar}
 * (so the helper API shows its documentation), Maven's {@code X-sources.jar} beside {@code X.jar}.
 * <p>
 * JShell has no option for this, so the list is set on its analysis object by reflection (the kernel opens
 * {@code jdk.jshell} already); on a JDK where that fails, Shift-Tab keeps the JDK's documentation only.
 */
final class JavadocSources {

    private static final Logger LOG = LoggerFactory.getLogger(JavadocSources.class);

    private List<Path> jdkSources;
    private List<Path> current = List.of();
    private boolean broken;

    /** Makes {@code analysis} read the sources jars of {@code classpath}'s jars too (cheap when nothing changed). */
    synchronized void update(SourceCodeAnalysis analysis, List<String> classpath) {
        if (broken) {
            return;
        }
        List<Path> extra = sourcesJars(classpath);
        if (jdkSources != null && extra.equals(current)) {
            return;
        }
        try {
            Class<?> impl = analysis.getClass();
            if (jdkSources == null) {
                Method find = impl.getDeclaredMethod("findSources");
                find.setAccessible(true);
                jdkSources = listOfPaths(find.invoke(analysis)); // JShell's own answer: the JDK's src.zip
            }
            List<Path> all = new ArrayList<>(jdkSources);
            all.addAll(extra);
            Field available = impl.getDeclaredField("availableSources");
            available.setAccessible(true);
            available.set(analysis, all);
            current = extra;
        } catch (ReflectiveOperationException | RuntimeException e) {
            broken = true;
            LOG.info("Javadoc from sources jars is not available on this JDK ({}); the JDK's own still is", e.toString());
        }
    }

    /** {@code X-sources.jar} for each {@code X.jar} on the classpath that has one beside it. */
    static List<Path> sourcesJars(List<String> classpath) {
        List<Path> jars = new ArrayList<>();
        for (String entry : classpath) {
            if (entry.endsWith(".jar") && !entry.endsWith("-sources.jar")) {
                Path sources = Path.of(entry.substring(0, entry.length() - ".jar".length()) + "-sources.jar");
                if (Files.isRegularFile(sources)) {
                    jars.add(sources);
                }
            }
        }
        return jars;
    }

    private static List<Path> listOfPaths(Object value) {
        List<Path> paths = new ArrayList<>();
        for (Object item : (List<?>) value) {
            paths.add((Path) item);
        }
        return paths;
    }
}
