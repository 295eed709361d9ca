package cuaderno.kernel;

import cuaderno.display.Notebook;
import cuaderno.eval.CellError;
import cuaderno.eval.Evaluator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * What a new evaluator runs before the kernel reports ready: the session imports, then a few throwaway cells
 * through JShell's compiler and the renderer. A cold JShell takes 0.5-1 s over its first cells (javac's classes
 * load and run interpreted); after this the first real cell answers in tens of milliseconds. The cells leave
 * nothing behind: expression values are dropped, and the one declaration is dropped again.
 */
final class Warmup {

    private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);

    /** An expression, a method with a loop, then calls, a lambda and string concatenation: most of javac's paths. */
    static final List<String> CELLS = List.of(
            "1 + 1",
            "int cuadernoWarmup(int n) { for (int i = 0; i < n; i++) { n += i; } return n; }\n"
                    + "List.of(1, 2).stream().map(i -> \"In [\" + cuadernoWarmup(i) + \"]\").toList()");

    private Warmup() {
    }

    /** Imports the session's packages into a fresh evaluator, then warms it; failures are logged, never thrown. */
    static Evaluator run(Evaluator evaluator, List<String> imports) {
        long start = System.nanoTime();
        for (String line : imports) {
            try {
                evaluator.eval(line, "session imports");
            } catch (CellError error) {
                LOG.warn("Session import failed: {}", error.plainText());
            }
        }
        long imported = System.nanoTime();
        for (String cell : CELLS) {
            try {
                evaluator.eval(cell, "warm-up");
            } catch (CellError | RuntimeException error) {
                LOG.warn("Warm-up cell failed: {}", error instanceof CellError c ? c.plainText() : error.toString());
            }
        }
        evaluator.drop("cuadernoWarmup");
        LOG.debug("Session imports in {} ms, warm-up cells in {} ms", (imported - start) / 1_000_000,
                (System.nanoTime() - imported) / 1_000_000);
        return evaluator;
    }

    /** Renders the kinds of value a first cell most often shows, once the kernel's renderers are registered. */
    static void render() {
        try {
            Notebook.render(2);
            Notebook.render("text");
        } catch (RuntimeException error) {
            LOG.warn("Warm-up rendering failed: {}", error.toString());
        }
    }
}
