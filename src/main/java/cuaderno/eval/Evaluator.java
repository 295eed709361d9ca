package cuaderno.eval;

import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

import java.io.File;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Java code evaluation for notebook cells: JShell in this JVM, state kept across cells, the value of a trailing
 * expression returned as an object, errors turned into {@link CellError}s that point at cell lines.
 * Knows nothing about Jupyter, so it can be tested and used on its own.
 */
public final class Evaluator implements AutoCloseable {

    private static final long STOP_GRACE_MILLIS = 1500;

    private final CellExecutionControl control = new CellExecutionControl();
    private final JShell shell;
    private final SourceCodeAnalysis analysis;
    private final Map<String, SnippetOrigin> origins = new ConcurrentHashMap<>();
    private final ErrorReport errors = new ErrorReport(origins);
    private final HeapGuard heapGuard;
    private final MemoryPolicy memory;
    private volatile boolean stopRequested;

    /** @param classpath entries the cells compile against (the kernel's own jars, so cells see its API) */
    public Evaluator(List<String> classpath) {
        this.shell = JShell.builder()
                .executionEngine(new CellExecutionControl.Provider(control), Map.of())
                // cells declare no annotation processors; without this javac searches every jar for them, per snippet
                .compilerOptions("-proc:none")
                .fileManager(SteadyFileManager::new)
                .out(new PrintStream(System.out, true))
                .err(new PrintStream(System.err, true))
                .build();
        this.analysis = shell.sourceCodeAnalysis();
        if (!classpath.isEmpty()) {
            // one call: each call re-reads the whole classpath and restarts the compiler's task pool
            shell.addToClasspath(String.join(File.pathSeparator, classpath));
        }
        this.heapGuard = new HeapGuard(() -> {
            stopRequested = true;
            control.requestStop();
        }, control::isRunning);
        heapGuard.install();
        this.memory = MemoryPolicy.start();
        ClassIndexTrim.afterIndexing(shell, memory::kernelWorked);
    }

    /**
     * Runs a cell.
     *
     * @param code the cell's Java code (magics already taken out)
     * @param cell how errors name this cell, for example {@code "In [3]"}
     * @return the value of the cell's last snippet if that is an expression with a value
     * @throws CellError if a snippet does not compile, throws, or is interrupted; snippets before it keep their effect
     */
    public Optional<Object> eval(String code, String cell) throws CellError {
        memory.cellStarts();
        try {
            return evalPieces(code, cell);
        } finally {
            memory.cellEnded();
        }
    }

    /**
     * Runs the kernel's own set-up code (session imports, a warm-up cell) as {@link #eval} does, except that the
     * memory it takes (javac's classes and compiled code, kept for good) becomes the mark the kernel's memory
     * policy measures cells from, instead of a reason to collect: a full collection during start-up cost every
     * kernel 40 ms before it was ready.
     */
    public Optional<Object> evalSetUp(String code, String label) throws CellError {
        try {
            return evalPieces(code, label);
        } finally {
            memory.settle();
        }
    }

    private Optional<Object> evalPieces(String code, String cell) throws CellError {
        stopRequested = false;
        heapGuard.cellStarts();
        CellGuard.clearStop();
        CellSource source = CellSource.split(code, analysis);
        Optional<Object> last = Optional.empty();
        try {
            for (CellSource.Piece piece : source.pieces()) {
                if (stopRequested) {
                    throw stopError();
                }
                last = evalPiece(piece, source, cell);
            }
        } finally {
            control.forgetValues();
        }
        return last;
    }

    private Optional<Object> evalPiece(CellSource.Piece piece, CellSource source, String cell) throws CellError {
        List<SnippetEvent> events = shell.eval(piece.source());
        Optional<Object> value = Optional.empty();
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) { // a dependent snippet updated because of this one
                RedefinitionNotes.of(event, shell).ifPresent(System.out::println);
                continue;
            }
            Snippet snippet = event.snippet();
            origins.put(snippet.id(), new SnippetOrigin(cell, source.lineOf(piece.codeStart())));
            if (event.status() == Snippet.Status.REJECTED) {
                throw errors.compile(shell.diagnostics(snippet).toList(), piece, source, cell);
            }
            JShellException thrown = event.exception();
            if (thrown != null) {
                throw stopRequested ? stopError() : errors.runtime(thrown);
            }
            if (event.status() == Snippet.Status.RECOVERABLE_DEFINED
                    || event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                System.out.println(unresolvedNote(snippet));
            }
            Object object = control.take(event.value());
            if (isExpression(snippet)) {
                value = Optional.ofNullable(object);
            }
            if (snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
                // a notebook shows the value, never the $N name; every live $N is imported by each later
                // snippet, so keeping them makes each cell slower than the last
                shell.drop(snippet);
            }
        }
        return value;
    }

    /** The error for a cell that was stopped: by the user, or by the heap guard. */
    private CellError stopError() {
        if (heapGuard.takeTripped()) {
            String message = HeapGuard.describe();
            return CellError.of("OutOfMemoryError", message);
        }
        return errors.interrupted();
    }

    private static boolean isExpression(Snippet snippet) {
        return snippet.kind() == Snippet.Kind.EXPRESSION
                || (snippet instanceof VarSnippet && snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND);
    }

    private String unresolvedNote(Snippet snippet) {
        List<String> missing = snippet instanceof DeclarationSnippet d
                ? shell.unresolvedDependencies(d).toList() : List.of();
        String name = snippet instanceof DeclarationSnippet d ? d.name() : "this code";
        return "Note: " + name + " is defined, but can be used only once " + String.join(", ", missing)
                + (missing.size() == 1 ? " is" : " are") + " defined.";
    }

    /**
     * Stops the running cell, if any. Variables defined before it are kept.
     *
     * @return false if the cell could not be stopped (a library loop on JDK 20+)
     */
    public boolean interrupt() {
        stopRequested = true;
        return control.stopCell(STOP_GRACE_MILLIS);
    }

    public boolean isRunning() {
        return control.isRunning();
    }

    /** Adds jars or class folders to what cells compile against and load from. */
    public void addToClasspath(String path) {
        shell.addToClasspath(path);
        ClassIndexTrim.afterIndexing(shell, memory::kernelWorked);
    }

    /** The class loader of cell code; extensions added at run time are looked up through it. */
    public ClassLoader cellClassLoader() {
        ClassLoader loader = control.snippetLoader();
        return loader != null ? loader : getClass().getClassLoader();
    }

    /**
     * Frees what the session no longer uses: a full collection, ND4J's native memory freed with it, and freed
     * native memory handed back to the system. The kernel does this by itself when memory grows.
     */
    public void tidyMemory() {
        memory.collectNow();
    }

    /** The session's variables and their values, in the order they were declared (for %memory). */
    public Map<String, Object> variables() {
        Map<String, Object> variables = new java.util.LinkedHashMap<>();
        shell.variables().forEach(variable -> {
            try {
                variables.put(variable.name(), control.take(shell.varValue(variable)));
            } catch (IllegalArgumentException | IllegalStateException notDefinedYet) {
                // declared, but waiting for something it refers to
            }
        });
        return variables;
    }

    public SourceCodeAnalysis analysis() {
        return analysis;
    }

    public JShell shell() {
        return shell;
    }

    @Override
    public void close() {
        memory.close();
        shell.close();
    }

    /** Builds the errors a user reads: cell lines and columns, only frames from cells. */
    static final class ErrorReport {
        private static final String RED = "\u001b[0;31m";
        private static final String BOLD_RED = "\u001b[1;31m";
        private static final String GREEN = "\u001b[0;32m";
        private static final String RESET = "\u001b[0m";

        private final Map<String, SnippetOrigin> origins;

        ErrorReport(Map<String, SnippetOrigin> origins) {
            this.origins = origins;
        }

        CellError interrupted() {
            String message = "the cell was stopped; variables defined before it are kept";
            return CellError.of("Interrupted", message);
        }

        CellError compile(List<Diag> diagnostics, CellSource.Piece piece, CellSource source, String cell) {
            List<String> lines = new ArrayList<>();
            String first = null;
            for (Diag diag : diagnostics) {
                if (!diag.isError()) {
                    continue;
                }
                List<String> message = diag.getMessage(Locale.ENGLISH).lines()
                        .filter(l -> !l.contains("$JShell") && !l.strip().startsWith("location: class"))
                        .toList();
                String headline = message.isEmpty() ? "does not compile" : message.get(0);
                if (first == null) {
                    first = headline;
                }
                long position = diag.getPosition() >= 0 ? diag.getPosition() : diag.getStartPosition();
                int at = piece.start() + (int) Math.max(0, position);
                int line = source.lineOf(at);
                int column = source.columnOf(at);
                int width = 1;
                if (diag.getStartPosition() >= 0 && diag.getEndPosition() > diag.getStartPosition()) {
                    int start = piece.start() + (int) diag.getStartPosition();
                    int end = piece.start() + (int) diag.getEndPosition();
                    if (source.lineOf(start) == line && source.lineOf(end) == line) {
                        column = source.columnOf(start);
                        width = end - start;
                    }
                }
                lines.add(BOLD_RED + "CompileError" + RESET + ": " + headline
                        + "  (" + cell + ", line " + (line + 1) + ", column " + (column + 1) + ")");
                message.stream().skip(1).forEach(l -> lines.add("  " + l.strip()));
                String number = String.valueOf(line + 1);
                lines.add(GREEN + number + " | " + RESET + source.line(line));
                lines.add(" ".repeat(number.length()) + " | " + " ".repeat(column) + RED + "^".repeat(width) + RESET);
            }
            if (first == null) {
                first = "the code does not compile";
                lines.add(BOLD_RED + "CompileError" + RESET + ": " + first + " (" + cell + ")");
            }
            return new CellError("CompileError", first, lines);
        }

        CellError runtime(JShellException thrown) {
            if (thrown instanceof UnresolvedReferenceException unresolved) {
                String name = unresolved.getSnippet().name();
                String message = name + " cannot be used until what it refers to is defined";
                return CellError.of("UnresolvedReference", message);
            }
            EvalException top = (EvalException) thrown;
            String className = top.getExceptionClassName();
            if (className.equals(CellGuard.CellInterruptedError.class.getName()) || className.equals("java.lang.ThreadDeath")) {
                return interrupted();
            }
            if (className.equals(CellGuard.ExitBlockedError.class.getName())) {
                return CellError.of("SystemExit", top.getMessage());
            }
            List<String> lines = new ArrayList<>();
            JShellException current = top;
            boolean firstInChain = true;
            while (current != null) {
                String name = current instanceof EvalException e ? shownName(e.getExceptionClassName()) : "UnresolvedReference";
                String message = current.getMessage();
                String head = (firstInChain ? BOLD_RED : RED + "Caused by: ") + name + RESET
                        + (message == null ? "" : ": " + message);
                head.lines().forEach(lines::add);
                appendCellFrames(current.getStackTrace(), lines);
                current = current.getCause() instanceof JShellException cause ? cause : null;
                firstInChain = false;
            }
            String value = top.getMessage() == null ? "" : top.getMessage();
            if (className.equals("java.lang.OutOfMemoryError") && NativeMemory.isNative(value)) {
                lines.add("This is native memory, outside the Java heap, where arrays and networks live. Your variables "
                        + "are kept: set big arrays you no longer need to null (x = null;) to free theirs.");
            } else if (className.equals("java.lang.OutOfMemoryError")) {
                long maxMb = Runtime.getRuntime().maxMemory() / (1024 * 1024);
                lines.add("The kernel has " + maxMb + " MB of heap. Your variables are kept, and so is what they hold: "
                        + "set big ones to null (x = null;) to free it. To give the kernel more, set "
                        + "CUADERNO_JVM_OPTS=-Xmx4g (for example) and restart it.");
            }
            return new CellError(simpleName(shownName(className)), value, TextWrap.wrap(lines));
        }

        /** The class name a user sees: the kernel's native-memory limit is Java's OutOfMemoryError to them. */
        private static String shownName(String className) {
            return className.equals(NativeMemory.LimitError.class.getName()) ? "java.lang.OutOfMemoryError"
                    : className.replace("cuaderno.homework.CheckFailed", "CheckFailed"); // as Check's messages name it
        }

        /** Frames from cells only, collapsing runs of the same frame (deep recursion). */
        private void appendCellFrames(StackTraceElement[] frames, List<String> lines) {
            String previous = null;
            int repeats = 0;
            for (StackTraceElement frame : frames) {
                String file = frame.getFileName();
                SnippetOrigin origin = file != null && file.startsWith("#") ? origins.get(file.substring(1)) : null;
                if (origin == null) {
                    continue;
                }
                String where = origin.describe(frame.getLineNumber());
                String method = frame.getMethodName();
                String klass = frame.getClassName();
                String what = method.isEmpty() ? "" : (klass.isEmpty() ? "" : klass + ".") + method + " ";
                String text = "    at " + what + "(" + where + ")";
                if (text.equals(previous)) {
                    repeats++;
                    continue;
                }
                flushRepeats(lines, repeats);
                repeats = 0;
                lines.add(text);
                previous = text;
            }
            flushRepeats(lines, repeats);
        }

        private static void flushRepeats(List<String> lines, int repeats) {
            if (repeats > 0) {
                lines.add("    ... the line above repeats " + repeats + " more times");
            }
        }

        private static String simpleName(String className) {
            return className.substring(className.lastIndexOf('.') + 1).replace('$', '.');
        }
    }
}
