package cuaderno.eval;

import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassIndexTrimTest {

    @Test
    void keepsEachJarsPackagesForCompletionAndDropsTheNameMap() throws Exception {
        String jar = org.junit.jupiter.api.Test.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        try (Evaluator evaluator = new Evaluator(List.of(jar))) {
            Future<?> trimmed = ClassIndexTrim.afterIndexing(evaluator.shell(), () -> { });
            assertNotNull(trimmed, "JShell's index is reachable (the launcher and Surefire open jdk.jshell)");
            trimmed.get();
            SourceCodeAnalysis analysis = evaluator.analysis();
            Field current = analysis.getClass().getDeclaredField("currentIndexes");
            current.setAccessible(true);
            Map<?, ?> indexes = (Map<?, ?>) current.get(analysis);
            assertFalse(indexes.isEmpty());
            boolean junitPackages = false;
            for (Object index : indexes.values()) {
                assertTrue(((Map<?, ?>) index.getClass().getField("classSimpleName2FQN").get(index)).isEmpty());
                junitPackages |= ((java.util.Set<?>) index.getClass().getField("packages").get(index)).contains("org.junit.jupiter.api");
            }
            assertTrue(junitPackages, "the jar's packages are still listed");
            String code = "import org.junit.jupiter.a";
            List<String> completions = analysis.completionSuggestions(code, code.length(), new int[1]).stream()
                    .map(SourceCodeAnalysis.Suggestion::continuation).toList();
            assertTrue(completions.contains("api."), "package names still complete: " + completions);
        }
    }
}
