package cuaderno.experiment;

import cuaderno.eval.CellError;
import cuaderno.eval.Evaluator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Experiments run from cells, where the kernel rewrites loops to stop on ■ and the heap guard watches the heap. */
class ExperimentInCellTest {

    private static Evaluator evaluator;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws CellError {
        evaluator = new Evaluator(List.of());
        value("import cuaderno.experiment.*; import java.util.*; import java.util.stream.*;");
    }

    @AfterAll
    static void stop() {
        evaluator.close();
    }

    private static Object value(String code) throws CellError {
        return evaluator.eval(code, "test").orElse(null);
    }

    @Test
    void aBudgetStopsALoopInCellCodeAndTheCellGoesOn() throws CellError {
        value("""
                var spun = Experiment.grid("spin", 0, 1, 2).timeBudget(0.7).run(config -> {
                    if (config.getInt("spin") == 1) {
                        while (true) {}
                    }
                    return 1.0;
                });
                String after = "the cell went on";""");
        assertEquals("ok,time,ok", value("spun.runs().stream().map(r -> r.status().code()).collect(Collectors.joining(\",\"))"));
        assertEquals("the cell went on", value("after"));
        assertEquals(2, value("int n = 0; for (int i = 0; i < 2; i++) n++; n"), "loops in later cells run: the stop is withdrawn");
    }

    @Test
    void anInterruptStopsTheRunningRunKeepsTheFinishedOnesAndARerunResumes() throws Exception {
        Path file = dir.resolve("interrupted.csv");
        value("var calls = new java.util.concurrent.atomic.AtomicInteger();");
        String cell = "var resumed = Experiment.grid(\"i\", 0, 1, 2, 3, 4).results(\"" + file + "\").run(config -> {\n"
                + "    calls.incrementAndGet();\n"
                + "    Thread.sleep(400);\n"
                + "    return config.getInt(\"i\");\n"
                + "});";
        CompletableFuture<CellError> running = CompletableFuture.supplyAsync(() -> {
            try {
                evaluator.eval(cell, "grid");
                return null;
            } catch (CellError e) {
                return e;
            }
        });
        for (int i = 0; i < 400 && (!Files.exists(file) || Files.readAllLines(file).size() < 3); i++) {
            Thread.sleep(10); // until two runs are saved
        }
        Thread.sleep(150); // the third is sleeping
        assertTrue(evaluator.interrupt());
        CellError error = running.get(10, TimeUnit.SECONDS);
        assertEquals("Interrupted", error.name());
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size(), "the header and the two finished runs: " + lines);
        assertEquals(3, value("calls.get()"));

        value(cell);
        assertEquals(6, value("calls.get()"), "only the three runs not finished run again");
        assertEquals(5, value("resumed.runs().size()"));
        assertEquals(4.0, value("resumed.runs().get(4).result()"));
    }

    @Test
    void aRunThatFillsTheHeapIsADnfAndARerunGoesOnAfterIt() throws Exception {
        Path file = dir.resolve("heap.csv");
        String cell = "var heap = Experiment.grid(\"run\", \"small\", \"hog\", \"last\").results(\"" + file + "\").run(config -> {\n"
                + "    var hog = new ArrayList<long[]>();\n"
                + "    while (config.getString(\"run\").equals(\"hog\")) hog.add(new long[1 << 20]);\n"
                + "    return 1.0;\n"
                + "});";
        try {
            value(cell);
        } catch (CellError error) {
            assertEquals("OutOfMemoryError", error.name(), error.plainText()); // the heap guard stopped the cell
        }
        String saved = Files.readString(file);
        assertTrue(saved.contains("\nhog,,") && saved.contains(",oom,out of memory"), saved);
        value(cell); // whether or not the guard ended the cell before, the hog is not run again
        assertEquals("ok,oom,ok", value("heap.runs().stream().map(r -> r.status().code()).collect(Collectors.joining(\",\"))"));
    }

    @Test
    void aResultsFileOfAnotherExperimentIsACellErrorThatSaysWhatToDo() throws Exception {
        Path file = dir.resolve("changed.csv");
        value("Experiment.grid(\"units\", 16).and(\"lr\", 0.1).results(\"" + file + "\").run(c -> 1.0);");
        CellError error = assertThrows(CellError.class, () -> value(
                "Experiment.grid(\"units\", 16).and(\"learningRate\", 0.1).results(\"" + file + "\").run(c -> 1.0);"));
        assertEquals("IllegalStateException", error.name());
        assertTrue(error.value().contains("give this experiment another file"), error.value());
    }
}
