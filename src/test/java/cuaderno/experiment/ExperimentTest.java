package cuaderno.experiment;

import cuaderno.data.Mnist;
import cuaderno.eval.CellGuard;
import cuaderno.nn.Dense;
import cuaderno.nn.Fit;
import cuaderno.nn.History;
import cuaderno.nn.Optimizer;
import cuaderno.nn.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExperimentTest {

    @TempDir
    Path dir;

    private static Run only(Results results, String reasonPart) {
        return results.runs().stream().filter(r -> r.reason().contains(reasonPart)).findFirst()
                .orElseThrow(() -> new AssertionError("no run whose reason has '" + reasonPart + "': " + results.runs()));
    }

    @Test
    void runsEveryConfigurationInOrderAndTimesEach() {
        Results results = Experiment.grid("ms", 0, 150).and("scale", 1.0, 2.0, 3.0)
                .run("value", config -> {
                    Thread.sleep(config.getInt("ms"));
                    return config.getInt("ms") * config.getDouble("scale");
                });
        List<Run> runs = results.runs();
        assertEquals(6, runs.size());
        assertEquals("ms=0, scale=1.0", runs.get(0).config().toString());
        assertEquals("ms=150, scale=3.0", runs.get(5).config().toString());
        assertEquals(450.0, runs.get(5).result());
        for (Run run : runs) {
            assertEquals(Status.OK, run.status());
            double expected = run.config().getInt("ms") / 1000.0;
            assertTrue(run.seconds() >= expected && run.seconds() < expected + 1.0, run + " took " + run.seconds());
            assertTrue(run.memoryMb() > 10, "the kernel's resident size is sampled: " + run.memoryMb());
        }
    }

    @Test
    void settingsReadAsTextAsTheTablesWriteThem() {
        Config config = Experiment.grid("units", 16).and("lr", 1e-5).and("name", "adam").configs().get(0);
        assertEquals("16", config.getString("units"));
        assertEquals("0.00001", config.getString("lr"), "not 1.0E-5");
        assertEquals("adam", config.getString("name"));
    }

    @Test
    void recordsEachKindOfFailureAsADnfWithItsReasonAndGoesOn() {
        Results results = Experiment.grid("kind", "fine", "error", "heap", "native", "nan", "nanLoss", "null")
                .run("accuracy", config -> switch (config.getString("kind")) {
                    case "error" -> throw new IllegalStateException("units must be positive\nsecond line");
                    case "heap" -> throw new OutOfMemoryError("Java heap space");
                    case "native" -> throw new RuntimeException("wrapped", new RuntimeException(
                            "Failed to allocate 17179869184 bytes of native memory"));
                    case "nan" -> Double.NaN;
                    case "nanLoss" -> new double[]{Double.NaN, 0.098};
                    case "null" -> null;
                    default -> new double[]{0.3, 0.9};
                });
        Map<String, Run> byKind = new java.util.HashMap<>();
        results.runs().forEach(r -> byKind.put(r.config().getString("kind"), r));
        assertEquals(Status.OK, byKind.get("fine").status());
        assertEquals(0.9, byKind.get("fine").result(), "evaluate's {loss, accuracy} gives the accuracy");
        assertEquals(Status.ERROR, byKind.get("error").status());
        assertEquals("IllegalStateException: units must be positive", byKind.get("error").reason());
        assertEquals(Status.OUT_OF_MEMORY, byKind.get("heap").status());
        assertEquals("out of memory: Java heap space", byKind.get("heap").reason());
        assertEquals(Status.OUT_OF_MEMORY, byKind.get("native").status());
        assertTrue(byKind.get("native").reason().contains("Failed to allocate"), byKind.get("native").reason());
        assertEquals(Status.NAN, byKind.get("nan").status());
        assertEquals(Status.NAN, byKind.get("nanLoss").status());
        assertEquals(0.098, byKind.get("nanLoss").result(), "the collapsed accuracy is kept for analysis");
        assertEquals(Status.ERROR, byKind.get("null").status());
        assertTrue(byKind.get("null").reason().contains("returned null"));
        assertEquals(1, results.finished());
        String table = results.toString();
        assertTrue(table.contains("DNF, out of memory: Java heap space: kind=heap"), table);
    }

    @Test
    void aHistoryThatStoppedOnNanIsADnf() {
        Mnist sample = Mnist.sample();
        Results results = Experiment.grid("activation", "linear", "softmax").run(config -> {
            // seed 004: no softmax before the cross-entropy, unnormalised pixels: the loss becomes NaN
            Sequential model = new Sequential(new Dense(100).inputDim(784), new Dense(10, config.getString("activation")));
            model.compile(Optimizer.sgd(), "sparse_categorical_crossentropy", "accuracy");
            boolean seed004 = config.getString("activation").equals("linear");
            return model.fit(seed004 ? sample.train().pixels() : sample.train().scaled(), sample.train().labels(),
                    Fit.epochs(2).verbose(false));
        });
        Run linear = results.runs().get(0);
        assertEquals(Status.NAN, linear.status(), linear.toString());
        assertTrue(linear.reason().startsWith("the loss became NaN in epoch"), linear.reason());
        assertEquals(Status.OK, results.runs().get(1).status(), "the history's last accuracy is the result");
        assertTrue(results.runs().get(1).result() > 0 && results.runs().get(1).result() <= 1);
    }

    @Test
    void aTimeBudgetStopsARealFitAtItsNextBatchAndTheNextRunStillTrains() {
        Mnist sample = Mnist.sample();
        new Sequential(new Dense(1).inputDim(784)).compile(Optimizer.adam(), "mse"); // ND4J's start-up, outside the budget
        AtomicInteger epochs = new AtomicInteger();
        Results results = Experiment.grid("epochs", 100_000, 1).timeBudget(3).run(config -> {
            Sequential model = new Sequential(new Dense(64, "relu").inputDim(784), new Dense(10, "softmax"));
            model.compile(Optimizer.adam(), "sparse_categorical_crossentropy", "accuracy");
            History history = model.fit(sample.train().scaled(), sample.train().labels(),
                    Fit.epochs(config.getInt("epochs")).batchSize(50).verbose(false));
            epochs.set(history.epochs().size());
            return model.evaluate(sample.test().scaled(), sample.test().labels());
        });
        Run long_ = results.runs().get(0);
        assertEquals(Status.TIME, long_.status());
        assertEquals("over the time budget of 3.0 s", long_.reason());
        assertTrue(long_.seconds() >= 3 && long_.seconds() < 6, "stopped promptly: " + long_.seconds());
        Run short_ = results.runs().get(1);
        assertEquals(Status.OK, short_.status(), "the budget's interrupt must not leak into the next run: " + short_);
        assertEquals(1, epochs.get(), "the second run trained its whole epoch");
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void aTimeBudgetStopsCellCodeLoopsAndBlockedCalls() {
        Results results = Experiment.grid("how", "loop", "sleep").timeBudget(0.5).run(config -> {
            if (config.getString("how").equals("sleep")) {
                Thread.sleep(60_000);
            }
            while (true) {
                CellGuard.check(); // what the kernel puts before every backward jump of cell code
            }
        });
        for (Run run : results.runs()) {
            assertEquals(Status.TIME, run.status(), run.toString());
            assertTrue(run.seconds() < 2.5, run.toString());
        }
        CellGuard.check(); // the budget's stop is withdrawn once the experiment is over
    }

    @Test
    void aRunThatIgnoresTheStopIsForcedAfterAGraceAndTheNextRunIsUntouched() {
        double[] sink = new double[1];
        Results results = Experiment.grid("run", "deaf", "next").timeBudget(0.5).run(config -> {
            if (config.getString("run").equals("deaf")) {
                while (sink[0] >= 0) { // library code deaf to interrupts (an evaluate of a big model)
                    sink[0] += Math.sin(sink[0]) * 1e-9;
                }
            }
            Thread.sleep(100); // the next run sees no interrupt and no pending stop
            return 1.0;
        });
        Run deaf = results.runs().get(0);
        assertEquals(Status.TIME, deaf.status());
        assertTrue(deaf.seconds() > 2.4 && deaf.seconds() < 5, "stopped after the 2 s grace: " + deaf.seconds());
        assertEquals(Status.OK, results.runs().get(1).status(), results.runs().get(1).toString());
    }

    @Test
    void aMemoryBudgetStopsARunThatGrowsTheKernel() throws InterruptedException {
        // native arrays of earlier tests are freed by ND4J's own threads some time after a collection
        System.gc();
        Thread.sleep(1000);
        System.gc();
        double budget = RunWatch.residentMb() + 250;
        // far over the budget: a collection as the run starts may free some hundreds of MB of the baseline
        Results results = Experiment.grid("megabytes", 1, 1500).memoryBudget(budget).run(config -> {
            // native memory, as ND4J's arrays of a big model (the heap may already hold pages it can reuse)
            var held = org.nd4j.linalg.factory.Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT,
                    config.getInt("megabytes") * 262_144L).assign(1);
            Thread.sleep(3000);
            return held.length();
        });
        assertEquals(Status.OK, results.runs().get(0).status(), results.runs().get(0).toString());
        Run big = results.runs().get(1);
        assertEquals(Status.MEMORY, big.status(), big.toString());
        assertTrue(big.reason().startsWith("over the memory budget of"), big.reason());
        assertTrue(big.seconds() < 2.9, "stopped while sleeping: " + big.seconds());
    }

    @Test
    void savesRunsAsTheyEndAndAReRunContinuesFromTheFile() throws Exception {
        Path file = dir.resolve("grid.csv");
        AtomicInteger calls = new AtomicInteger();
        Experiment.Trial trial = config -> {
            calls.incrementAndGet();
            if (config.getInt("units") == 64 && config.getDouble("lr") == 0.1) {
                throw new IllegalArgumentException("not yet");
            }
            return config.getInt("units") * config.getDouble("lr");
        };
        Experiment first = Experiment.grid("units", 16, 64).and("lr", 1e-5, 0.1).fixed("samples", 1000).results(file.toString());
        first.run(trial);
        assertEquals(4, calls.get());
        List<String> lines = Files.readAllLines(file);
        assertEquals("units,lr,samples,result,seconds,memory_mb,status,reason,time_budget_s,memory_budget_mb", lines.get(0));
        assertTrue(lines.get(1).startsWith("16,0.00001,1000,1.6E-4,"), lines.get(1));
        assertTrue(lines.get(4).contains(",error,IllegalArgumentException: not yet,"), lines.get(4));

        calls.set(0);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream saved = System.out;
        System.setOut(new java.io.PrintStream(out, true));
        Results again;
        try {
            again = Experiment.grid("units", 16, 64).and("lr", 1e-5, 0.1).fixed("samples", 1000).results(file).run(trial);
        } finally {
            System.setOut(saved);
        }
        assertEquals(1, calls.get(), "only the run that failed with an exception runs again");
        assertTrue(out.toString().contains("3 of 4 runs loaded from grid.csv (1 run that did not finish runs again)"), out.toString());
        assertEquals(4, again.runs().size());
        assertEquals(16 * 1e-5, again.runs().get(0).result(), 1e-12);

        calls.set(0);
        Results wider = Experiment.grid("units", 16, 64, 256).and("lr", 1e-5, 0.1).fixed("samples", 1000).results(file).run(trial);
        assertEquals(3, calls.get(), "a new value runs only its own configurations (and the failing one again)");
        assertEquals(6, wider.runs().size());

        calls.set(0);
        Experiment.grid("units", 16, 64).and("lr", 1e-5, 0.1).fixed("samples", 2000).results(file).run(trial);
        assertEquals(4, calls.get(), "runs saved with another fixed setting are not reused");
    }

    @Test
    void configurationsEstimatedOverTheBudgetDoNotRunAndAreNotSaved() throws Exception {
        Path file = dir.resolve("estimated.csv");
        AtomicInteger calls = new AtomicInteger();
        Results results = Experiment.grid("units", 16, 4096, 65536).timeBudget(60)
                .estimate(c -> c.getInt("units") * 0.1).results(file).run(c -> calls.incrementAndGet());
        assertEquals(1, calls.get());
        Run big = results.runs().get(1);
        assertEquals(Status.TIME, big.status());
        assertEquals("estimated 6 min 49 s, over the time budget of 1 min 00 s", big.reason());
        assertEquals("estimated 1 h 49 min, over the time budget of 1 min 00 s", results.runs().get(2).reason());
        assertTrue(Double.isNaN(big.seconds()));
        assertEquals(2, Files.readAllLines(file).size(), "an estimate is worked out again each time, not saved");
        assertTrue(results.timesView().data().get("text/plain").toString().contains("not run"));
    }

    @Test
    void aFileFromAnotherExperimentIsRefusedNotMixedIn() throws Exception {
        Path file = dir.resolve("grid.csv");
        Experiment.grid("units", 16).and("lr", 0.1).results(file).run(config -> 1.0);
        IllegalStateException error = assertThrows(IllegalStateException.class, () ->
                Experiment.grid("units", 16).and("learningRate", 0.1).results(file).run(config -> 1.0));
        assertTrue(error.getMessage().contains("holds the runs of another experiment, with settings units, lr; this one has "
                + "units, learningRate"), error.getMessage());
        Path other = dir.resolve("other.csv");
        Files.writeString(other, "a,b\n1,2\n");
        assertTrue(assertThrows(IllegalStateException.class, () -> Experiment.grid("units", 16).results(other).run(c -> 1.0))
                .getMessage().contains("is not an experiment's results file"));
    }

    @Test
    void runsOverASmallerBudgetRunAgainUnderALargerOneAndACutLineIsSkipped() throws Exception {
        Path file = dir.resolve("budget.csv");
        Experiment.Trial slow = config -> {
            Thread.sleep(config.getInt("ms"));
            return 1.0;
        };
        Results first = Experiment.grid("ms", 10, 1500).timeBudget(0.5).results(file).run(slow);
        assertEquals(Status.TIME, first.runs().get(1).status());
        Files.writeString(file, "10,1.0,0.01", java.nio.file.StandardOpenOption.APPEND); // a write cut short
        AtomicInteger calls = new AtomicInteger();
        Results same = Experiment.grid("ms", 10, 1500).timeBudget(0.5).results(file).run(c -> calls.incrementAndGet());
        assertEquals(0, calls.get(), "the same budget keeps the DNF");
        assertEquals(Status.TIME, same.runs().get(1).status());
        Results larger = Experiment.grid("ms", 10, 1500).timeBudget(5).results(file).run(slow);
        assertEquals(Status.OK, larger.runs().get(1).status(), "a larger budget runs it again");
        assertTrue(Files.readString(file).contains("\n10,1.0,0.01\n"), "the cut line is ended before the next one");
    }

    @Test
    void resultsAsTablesHeatmapAndPlot() {
        Results results = Experiment.grid("units", 16, 32, 64).and("learningRate", 1e-5, 0.01, 1.0)
                .run("test accuracy", config -> {
                    if (config.getInt("units") == 64 && config.getDouble("learningRate") == 1.0) {
                        throw new IllegalStateException("too big");
                    }
                    return config.getInt("units") / 100.0 + config.getDouble("learningRate") / 10;
                });
        Table table = results.table();
        assertEquals(9, table.rowCount());
        assertEquals(List.of("units", "learningRate", "test accuracy", "seconds", "memory_mb", "status", "reason"),
                table.columnNames());
        assertEquals("INTEGER", table.column("units").type().name());

        Table pivot = results.pivot();
        assertEquals(3, pivot.rowCount());
        assertEquals(List.of("units", "0.00001", "0.01", "1.0"), pivot.columnNames());
        assertTrue(pivot.doubleColumn("1.0").isMissing(2), "a DNF is NaN (missing) in the numeric pivot");
        assertEquals(4, results.times().columnCount());
        assertFalse(results.times().doubleColumn("1.0").isMissing(2), "a DNF still took time");

        Table best = results.best();
        assertEquals(3, best.rowCount());
        assertEquals(0.01, best.doubleColumn("learningRate").get(2), "64 units: the best run that finished");

        assertEquals(3, results.heatmap().rows());
        assertEquals("–", results.heatmap().label(2, 2), "the DNF cell is blank");
        assertEquals("0.1600", results.heatmap().label(0, 0));
        assertEquals(3, results.plot().chart().getSeriesMap().size());

        Map<String, Object> bundle = results.toMimeBundle().data();
        for (String type : List.of("text/plain", "text/html", "text/latex", "text/markdown")) {
            assertNotNull(bundle.get(type), type);
            assertTrue(bundle.get(type).toString().contains("DNF"), type);
        }
        assertTrue(bundle.get("text/plain").toString().contains("units/learningRate  0.00001    0.01     1.0"),
                bundle.get("text/plain").toString());
        assertTrue(bundle.get("text/latex").toString().contains("\\toprule"));
    }

    @Test
    void badDeclarationsFailAtOnce() {
        assertThrows(IllegalArgumentException.class, () -> Experiment.grid("units", new int[0]));
        assertThrows(IllegalArgumentException.class, () -> Experiment.grid("units", 16, 16));
        assertThrows(IllegalArgumentException.class, () -> Experiment.grid("units", 16).and("units", 32));
        assertThrows(IllegalArgumentException.class, () -> Experiment.grid("seconds", 16));
        assertThrows(IllegalArgumentException.class, () -> Experiment.grid("units", 16).timeBudget(0));
        assertThrows(IllegalArgumentException.class, () -> Experiment.grid("units", 16).format("%q"));
        assertEquals("Experiment units (3) × lr (2): 6 runs; time budget 1 min 00 s per run",
                Experiment.grid("units", 16, 32, 64).and("lr", 0.1, 1.0).timeBudget(60).toString());
    }
}
