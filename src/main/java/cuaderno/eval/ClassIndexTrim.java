package cuaderno.eval;

import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Drops the part of JShell's classpath index that a notebook never uses. After every classpath change JShell
 * indexes, in the background, each class of each jar by its simple name, for the jshell tool's import suggestions
 * (Shift-Tab i): with DL4J's hundred jars that map is 14 MB of an idle kernel's 60 MB heap. Completion needs only
 * each jar's list of packages, which stays. JShell's internals, reached by reflection (the launcher opens
 * {@code jdk.jshell}); where they are not as expected, nothing is trimmed.
 */
final class ClassIndexTrim {

    private ClassIndexTrim() {
    }

    /**
     * Queues the trim behind the indexing that a classpath change started (both run on JShell's indexing thread,
     * one after the other).
     *
     * @param then runs when indexing and trim are done (the memory policy tidies up after them)
     * @return the queued trim, or null where JShell's internals are out of reach
     */
    static Future<?> afterIndexing(JShell shell, Runnable then) {
        try {
            SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
            Class<?> impl = analysis.getClass();
            ExecutorService indexer = (ExecutorService) staticField(impl, "INDEXER");
            Map<?, ?> byPath = (Map<?, ?>) staticField(impl, "PATH_TO_INDEX");
            Field current = impl.getDeclaredField("currentIndexes");
            current.setAccessible(true);
            Map<?, ?> inUse = (Map<?, ?>) current.get(analysis);
            Class<?> index = Class.forName(impl.getName() + "$ClassIndex");
            Constructor<?> make = index.getConstructor(long.class, Path.class, Set.class, Map.class);
            Field timestamp = index.getField("timestamp");
            Field path = index.getField("forPath");
            Field packages = index.getField("packages");
            Field names = index.getField("classSimpleName2FQN");
            return indexer.submit(() -> {
                try {
                    for (Map.Entry<?, ?> entry : byPath.entrySet()) {
                        trim(entry, make, timestamp, path, packages, names);
                    }
                    synchronized (inUse) {
                        for (Map.Entry<?, ?> entry : inUse.entrySet()) {
                            trim(entry, make, timestamp, path, packages, names);
                        }
                    }
                } catch (ReflectiveOperationException | RuntimeException notAsExpected) {
                    // an index left whole is only bigger
                }
                then.run();
            });
        } catch (ReflectiveOperationException | RuntimeException notOnThisJdk) {
            return null;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void trim(Map.Entry entry, Constructor<?> make, Field timestamp, Field path, Field packages,
                             Field names) throws ReflectiveOperationException {
        Object index = entry.getValue();
        if (!((Map<?, ?>) names.get(index)).isEmpty()) {
            // the same timestamp: JShell keeps this index until the jar changes
            entry.setValue(make.newInstance(timestamp.getLong(index), path.get(index), packages.get(index), Map.of()));
        }
    }

    private static Object staticField(Class<?> type, String name) throws ReflectiveOperationException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field.get(null);
    }
}
