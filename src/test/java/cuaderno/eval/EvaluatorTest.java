package cuaderno.eval;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluatorTest {

    private static Evaluator evaluator;

    @BeforeAll
    static void start() {
        evaluator = new Evaluator(List.of());
    }

    @AfterAll
    static void stop() {
        evaluator.close();
    }

    private static Object value(String code) throws CellError {
        return evaluator.eval(code, "test").orElse(null);
    }

    @Test
    void keepsStateAcrossCellsAndReturnsTrailingExpression() throws CellError {
        value("int base = 40;");
        assertEquals(42, value("int more = 2;\nbase + more"));
    }

    @Test
    void statementsAndDeclarationsHaveNoValue() throws CellError {
        assertEquals(Optional.empty(), evaluator.eval("int unused = 3;", "t"));
        assertEquals(Optional.empty(), evaluator.eval("System.out.print(\"\")", "t"));
        assertEquals(Optional.empty(), evaluator.eval("String s = null; s", "t"));
    }

    @Test
    void methodsAndClassesCanBeRedefined() throws CellError {
        value("class Box { int size() { return 1; } }");
        value("int measure(Box b) { return b.size(); }");
        assertEquals(1, value("measure(new Box())"));
        value("class Box { int size() { return 7; } }");
        assertEquals(7, value("measure(new Box())"));
    }

    @Test
    void compileErrorNamesLineAndColumnWithACaret() {
        CellError error = assertThrows(CellError.class, () -> value("int ok = 1;\nint bad = missing + 1;"));
        assertEquals("CompileError", error.name());
        String text = error.plainText();
        assertTrue(text.contains("line 2, column 11"), text);
        assertTrue(text.contains("2 | int bad = missing + 1;"), text);
        assertTrue(text.contains("  |           ^^^^^^^"), text);
        assertFalse(text.contains("at "), "no stack trace for a compile error: " + text);
    }

    @Test
    void runtimeErrorShowsOnlyCellFramesWithCellLines() throws CellError {
        value("int divide(int a, int b) {\n  return a / b;\n}");
        CellError error = assertThrows(CellError.class, () -> evaluator.eval("int x = 1;\ndivide(x, 0)", "In [9]"));
        assertEquals("ArithmeticException", error.name());
        assertEquals("/ by zero", error.value());
        String text = error.plainText();
        assertTrue(text.contains("at divide (test, line 2)"), text);
        assertTrue(text.contains("(In [9], line 2)"), text);
        assertFalse(text.contains("java.base"), text);
        assertEquals(1, value("x"), "snippets before the failing one keep their effect");
    }

    @Test
    void causesAreShown() {
        CellError error = assertThrows(CellError.class,
                () -> value("throw new IllegalStateException(\"outer\", new java.io.IOException(\"inner\"));"));
        assertTrue(error.plainText().contains("Caused by: java.io.IOException: inner"), error.plainText());
    }

    @Test
    void systemExitIsAnErrorNotADeadKernel() throws CellError {
        value("int survivor = 5;");
        CellError error = assertThrows(CellError.class, () -> value("System.exit(0);"));
        assertEquals("SystemExit", error.name());
        assertThrows(CellError.class, () -> value("Runtime.getRuntime().halt(3);"));
        assertEquals(5, value("survivor"));
    }

    @Test
    void stackOverflowIsReportedCompactly() throws CellError {
        value("int down(int n) { return down(n + 1) + 1; }");
        CellError error = assertThrows(CellError.class, () -> value("down(0)"));
        assertEquals("StackOverflowError", error.name());
        assertTrue(error.traceback().size() < 20, "repeated frames are collapsed: " + error.traceback().size());
        assertEquals(3, value("1 + 2"));
    }

    @Test
    void heapExhaustionKeepsTheKernel() throws CellError {
        value("int before = 11;");
        CellError error = assertThrows(CellError.class,
                () -> value("{ var hog = new java.util.ArrayList<long[]>(); while (true) hog.add(new long[1 << 20]); }"));
        assertEquals("OutOfMemoryError", error.name());
        assertTrue(error.plainText().contains("CUADERNO_JVM_OPTS"), error.plainText());
        assertEquals(11, value("before"));
        assertEquals(3, value("1 + 2"), "the heap is free again: the next cell runs");
    }

    @Test
    void interruptStopsATightLoopAndKeepsVariables() throws Exception {
        value("int kept = 3;");
        CompletableFuture<CellError> running = CompletableFuture.supplyAsync(() -> {
            try {
                evaluator.eval("while (true) {}", "loop");
                return null;
            } catch (CellError e) {
                return e;
            }
        });
        waitUntilRunning();
        assertTrue(evaluator.interrupt());
        CellError error = running.get(10, TimeUnit.SECONDS);
        assertEquals("Interrupted", error.name());
        assertEquals(3, value("kept"));
    }

    @Test
    void interruptStopsASleepingCellAndTheRestOfTheCell() throws Exception {
        value("int after = 0;");
        CompletableFuture<CellError> running = CompletableFuture.supplyAsync(() -> {
            try {
                evaluator.eval("Thread.sleep(60_000);\nafter = 1;", "sleep");
                return null;
            } catch (CellError e) {
                return e;
            }
        });
        waitUntilRunning();
        assertTrue(evaluator.interrupt());
        assertEquals("Interrupted", running.get(10, TimeUnit.SECONDS).name());
        assertEquals(0, value("after"));
    }

    @Test
    void cooperativeCodeIsWaitedForNotForceStopped() throws Exception {
        // a library loop that checks interrupts only every 2.5 s, longer than the 1.5 s grace, inside a cooperative
        // section: it must end by itself (returning normally), not be killed by Thread.stop
        value("int rounds = 0;");
        CompletableFuture<Object> running = CompletableFuture.supplyAsync(() -> {
            try {
                return evaluator.eval("rounds = cuaderno.eval.CooperativeWork.slow();", "coop").orElse(null);
            } catch (CellError e) {
                return e;
            }
        });
        waitUntilRunning();
        evaluator.interrupt();
        Object outcome = running.get(20, TimeUnit.SECONDS);
        assertEquals(1, value("rounds"), "the work finished its round and returned: " + outcome);
    }

    @Test
    void contextClassLoaderIsTheCellLoader() throws CellError {
        Object loader = value("Thread.currentThread().getContextClassLoader()");
        Object cellClassLoader = value("class Probe {} ; Probe.class.getClassLoader()");
        assertEquals(cellClassLoader, loader);
    }

    @Test
    void threadsLeftRunningDoNotHoldTheCell() throws CellError {
        value("Thread t = new Thread(() -> { try { Thread.sleep(30_000); } catch (InterruptedException e) {} }); t.setDaemon(true); t.start();");
        assertEquals(true, value("t.isAlive()"));
    }

    @Test
    void assertIsCheckedInCellsAndNamesTheCellLine() throws CellError {
        value("assert 1 + 1 == 2 : \"fine\";");
        CellError error = assertThrows(CellError.class, () -> evaluator.eval("int ok = 1;\nassert 1 == 2 : \"no\";", "In [5]"));
        assertEquals("AssertionError", error.name());
        assertEquals("no", error.value());
        assertTrue(error.plainText().contains("(In [5], line 2)"), error.plainText());
    }

    @Test
    void redefiningAClassSaysWhichVariablesWereReset() throws CellError {
        value("class Pt { int a; }");
        value("Pt p = new Pt(); int count = 3;");
        String out = printed(() -> value("class Pt { int a; int b; }"));
        assertEquals("Note: p was reset to null because class Pt changed.", out.strip());
        assertEquals(null, value("p"));
        assertEquals(3, value("count"), "what does not depend on Pt keeps its value");

        value("record Pair(int x) {}");
        value("Pair pair = new Pair(1);");
        out = printed(() -> value("record Pair(int x, int y) {}"));
        assertTrue(out.startsWith("Note: variable pair can no longer be used because record Pair changed: "), out);
        assertEquals("", printed(() -> value("int count = 4;")).strip(), "redefining a variable yourself needs no note");
    }

    @Test
    void nativeOutOfMemoryIsAnErrorInTheCellWithTheStudentsTerms() throws CellError {
        value("int survivor = 5;");
        CellError error = assertThrows(CellError.class,
                () -> value("var tooBig = new cuaderno.eval.BoundedBufferFactory().createFloat(40_000_000_000L);"));
        assertEquals("OutOfMemoryError", error.name());
        String text = error.plainText();
        assertTrue(text.contains("asked for 149.0 GB of native memory"), text);
        assertTrue(text.contains("Your variables are kept"), text);
        assertFalse(text.contains("MB of heap"), "not the heap's advice: " + text);
        assertEquals(5, value("survivor"));
    }

    @Test
    void longErrorMessagesAreBrokenBetweenWords() {
        String words = "word ".repeat(60).strip();
        CellError error = assertThrows(CellError.class, () -> value("throw new IllegalStateException(\"" + words + "\");"));
        assertTrue(error.traceback().size() > 2, error.traceback().toString());
        for (String line : error.plainText().lines().toList()) {
            assertTrue(line.length() <= TextWrap.WIDTH, line);
            assertFalse(line.endsWith("wo") || line.startsWith("rd"), "no word cut: " + line);
        }
        assertEquals(words, error.value(), "the error's value stays one line for the frontend");
    }

    private interface CellRun {
        void run() throws CellError;
    }

    /** What a cell printed on System.out while it ran. */
    private static String printed(CellRun cell) throws CellError {
        java.io.PrintStream original = System.out;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(out, true));
        try {
            cell.run();
        } finally {
            System.setOut(original);
        }
        return out.toString();
    }

    private static void waitUntilRunning() throws InterruptedException {
        for (int i = 0; i < 200 && !evaluator.isRunning(); i++) {
            Thread.sleep(25);
        }
        Thread.sleep(100);
    }

    @Test
    void jarAddedAfterCellsCompiledIsSeen(@TempDir Path dir) throws Exception {
        assertEquals(2, value("1 + 1")); // the compiler has indexed the classpath's jars by now
        Path source = Files.writeString(Files.createDirectories(dir.resolve("src/extra")).resolve("Greeter.java"),
                "package extra; public class Greeter { public String hi() { return \"hola\"; } }");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), source.toString()));
        Path jar = dir.resolve("extra.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("extra/Greeter.class"));
            out.write(Files.readAllBytes(classes.resolve("extra/Greeter.class")));
        }
        evaluator.addToClasspath(jar.toString());
        assertEquals("hola", value("new extra.Greeter().hi()"));
    }
}
