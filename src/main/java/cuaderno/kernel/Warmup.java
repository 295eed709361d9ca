package cuaderno.kernel;

import cuaderno.display.Notebook;
import cuaderno.eval.CellError;
import cuaderno.eval.Evaluator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The kernel's evaluator, built and warmed on its own thread from the kernel's first moment, while the kernel
 * connects: JShell, the session imports, then a throwaway cell through JShell's compiler. A cold JShell takes
 * 0.5-1 s over its first snippets (javac's classes load and run interpreted); the imports warm most of javac, and
 * after the cell the first real cell answers in tens of milliseconds. The cell leaves nothing behind: its value is
 * dropped, and it has no execution count.
 */
final class Warmup {

    private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);

    /**
     * The warm-up cell: an expression, the commonest first cell. A second cell (a method with a loop, a lambda)
     * cost 150-200 ms before ready and sped up no other kind of first cell (measured with the kernel's debug log).
     */
    static final String CELL = "1 + 1";

    /** Entries cells compile against; the kernel's magics add to it. */
    private final List<String> classpath = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Evaluator> evaluator;
    /** JShell's class index, paused as soon as the evaluator exists so that it does not slow the warm-up. */
    private volatile ClassIndexing indexing;

    private Warmup(List<String> imports) {
        this.evaluator = CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            classpath.addAll(Classpath.ofThisJvm());
            Evaluator e = new Evaluator(classpath);
            indexing = ClassIndexing.pause(e.analysis());
            long built = System.nanoTime();
            importInto(e, imports);
            long imported = System.nanoTime();
            warm(e);
            LOG.debug("JShell built in {} ms, session imports in {} ms, warm-up cell in {} ms",
                    millis(built - start), millis(imported - built), millis(System.nanoTime() - imported));
            return e;
        });
    }

    /** Starts building the evaluator with these session imports; failures are logged, never thrown. */
    static Warmup start(List<String> imports) {
        return new Warmup(imports);
    }

    List<String> classpath() {
        return classpath;
    }

    /** The evaluator with the session imports, warmed up. */
    CompletableFuture<Evaluator> evaluator() {
        return evaluator;
    }

    /** JShell's class indexing; null until the evaluator is built. */
    ClassIndexing indexing() {
        return indexing;
    }

    private static void importInto(Evaluator evaluator, List<String> imports) {
        for (String line : imports) {
            try {
                evaluator.evalSetUp(line, "session imports");
            } catch (CellError error) {
                LOG.warn("Session import failed: {}", error.plainText());
            }
        }
    }

    private static void warm(Evaluator evaluator) {
        try {
            evaluator.evalSetUp(CELL, "warm-up");
        } catch (CellError | RuntimeException error) {
            LOG.warn("Warm-up cell failed: {}", error instanceof CellError c ? c.plainText() : error.toString());
        }
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
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
