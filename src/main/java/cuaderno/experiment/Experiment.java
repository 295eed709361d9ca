package cuaderno.experiment;

import cuaderno.eval.CellGuard;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * A grid of hyper-parameters run one configuration at a time, as a lesson's experiment:
 * <pre>{@code
 * Results results = Experiment.grid("units", 16, 32, 64)
 *         .and("learningRate", 1e-4, 1e-3, 1e-2)
 *         .timeBudget(120)                       // seconds per run; slower runs stop and show as DNF
 *         .results("lstm-grid.csv")              // saved as they finish; a re-run continues from here
 *         .run("test accuracy", config -> {
 *             Sequential model = ...config.getInt("units")...;
 *             model.fit(x, y, Fit.epochs(1).batchSize(100).verbose(false));
 *             return model.evaluate(xTest, yTest);   // or a number, or the History
 *         });
 * }</pre>
 * Each run is timed. A run that cannot finish is recorded as a DNF with its reason instead of stopping the
 * experiment: over the time or memory budget, out of memory, a NaN loss, an exception. While it runs, one display
 * shows the table filling in; at the end the table looks like the seed's, with a heatmap and the times.
 */
public final class Experiment {

    /** One configuration's run: returns its result (a number, a History, or evaluate's scores). */
    @FunctionalInterface
    public interface Trial {
        Object run(Config config) throws Exception;
    }

    private final List<Layout.Axis> axes = new ArrayList<>();
    private final Map<String, Object> fixed = new LinkedHashMap<>();
    private double timeBudgetSeconds = Double.NaN;
    private double memoryBudgetMb = Double.NaN;
    private Path resultsFile;
    private boolean rerunDnf;
    private ToDoubleFunction<Config> estimate;
    private String format = "%.4f";

    private Experiment() {
    }

    /** An experiment over one axis; add more with {@link #and}. */
    public static Experiment grid(String name, int... values) {
        return new Experiment().and(name, values);
    }

    public static Experiment grid(String name, double... values) {
        return new Experiment().and(name, values);
    }

    public static Experiment grid(String name, String... values) {
        return new Experiment().and(name, values);
    }

    public static Experiment grid(String name, List<?> values) {
        return new Experiment().and(name, values);
    }

    /** Another axis: every configuration so far runs with each of these values. */
    public Experiment and(String name, int... values) {
        return and(name, Arrays.stream(values).boxed().toList());
    }

    public Experiment and(String name, double... values) {
        return and(name, Arrays.stream(values).boxed().toList());
    }

    public Experiment and(String name, String... values) {
        return and(name, Arrays.asList(values));
    }

    public Experiment and(String name, List<?> values) {
        checkName(name);
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException("the axis '" + name + "' needs at least one value");
        }
        Set<String> seen = new HashSet<>();
        for (Object value : values) {
            if (value == null) {
                throw new IllegalArgumentException("the axis '" + name + "' has a null value");
            }
            if (!seen.add(Config.text(value))) {
                throw new IllegalArgumentException("the axis '" + name + "' has " + Config.text(value) + " twice");
            }
        }
        axes.add(new Layout.Axis(name, List.copyOf(values)));
        return this;
    }

    /**
     * A setting that is the same for every run (the number of training samples, say): it is passed to the runs
     * like an axis and written to the results file, so that runs saved with another value are not reused.
     */
    public Experiment fixed(String name, Object value) {
        checkName(name);
        fixed.put(name, Objects.requireNonNull(value, "value"));
        return this;
    }

    /** Stops a run after this many seconds (at its next batch or loop iteration) and records it as DNF. */
    public Experiment timeBudget(double seconds) {
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("the time budget is a number of seconds above 0, not " + seconds);
        }
        this.timeBudgetSeconds = seconds;
        return this;
    }

    public Experiment timeBudget(Duration budget) {
        return timeBudget(budget.toMillis() / 1000.0);
    }

    /**
     * Stops a run once the kernel process uses more than this many megabytes (its resident size: heap, ND4J's
     * arrays, everything; checked five times a second) and records it as DNF.
     */
    public Experiment memoryBudget(double megabytes) {
        if (!(megabytes > 0)) {
            throw new IllegalArgumentException("the memory budget is a number of megabytes above 0, not " + megabytes);
        }
        this.memoryBudgetMb = megabytes;
        return this;
    }

    /**
     * Saves each run to this CSV file as it ends, and reuses the runs already in it: running the cell again after
     * a restart or a stop continues where it stopped. Runs over a smaller budget than the present one, and runs
     * that failed with an exception, run again. A file from an experiment with other settings is refused.
     */
    public Experiment results(String file) {
        return results(Path.of(file));
    }

    public Experiment results(Path file) {
        this.resultsFile = Objects.requireNonNull(file, "file");
        return this;
    }

    /** Runs again every DNF found in the results file (after raising the heap, say), not only those of smaller budgets. */
    public Experiment rerunDnf() {
        this.rerunDnf = true;
        return this;
    }

    /**
     * How many seconds a configuration should take (from the cost of a few steps measured beforehand, say). The
     * live view shows it next to the run's time; with a time budget, configurations estimated over it are not run
     * at all and show as DNF ("estimated 14 min 10 s, over the time budget of 2 min 00 s"). Estimates are worked
     * out again each time the experiment runs, never saved.
     */
    public Experiment estimate(ToDoubleFunction<Config> seconds) {
        this.estimate = Objects.requireNonNull(seconds, "seconds");
        return this;
    }

    /** How results are written in the tables and heatmap, as in {@code String.format}: "%.4f" by default. */
    public Experiment format(String format) {
        String.format(Locale.ROOT, format, 1.0); // fails now, with Java's message, if the pattern is wrong
        this.format = format;
        return this;
    }

    /** Every configuration, in the order they run: the first axis slowest. */
    public List<Config> configs() {
        return layout("result").configs();
    }

    /** Runs every configuration; the result column is called "result". */
    public Results run(Trial trial) {
        return run("result", trial);
    }

    /** Runs every configuration not already in the results file, and returns all their results. */
    public Results run(String resultName, Trial trial) {
        Objects.requireNonNull(trial, "trial");
        Layout layout = layout(resultName);
        Map<Config, Run> runs = new LinkedHashMap<>();
        List<String> header = new ArrayList<>();
        ResultsFile file = null;
        String loaded = null;
        if (resultsFile != null) {
            file = ResultsFile.open(resultsFile, layout.settings());
            loaded = load(file, layout, runs);
            header.add(loaded);
        }
        if (!budgets().isEmpty()) {
            header.add(budgets());
        }
        LiveView view = new LiveView(layout, resultName, format, header, runs.isEmpty() ? null : loaded);
        view.start(runs);
        boolean ended = false;
        try (RunWatch watch = new RunWatch(timeBudgetSeconds, memoryBudgetMb, view::progress)) {
            for (Config config : layout.configs()) {
                if (runs.containsKey(config)) {
                    continue;
                }
                double estimated = estimate == null ? Double.NaN : estimate.applyAsDouble(config);
                view.running(config, estimated);
                if (estimated > timeBudgetSeconds) {
                    Run skipped = new Run(config, Double.NaN, Double.NaN, Double.NaN, Status.TIME, "estimated "
                            + Outcome.seconds(estimated) + ", over the time budget of " + Outcome.seconds(timeBudgetSeconds));
                    runs.put(config, skipped);
                    view.finished(skipped);
                    continue;
                }
                RunWatch.Ended run = watch.run(config, trial);
                // saving and showing a run must not be cut short by a forced stop: the kernel waits for this section
                try (var section = CellGuard.cooperative()) {
                    if (run.run() != null) {
                        runs.put(config, run.run());
                        if (file != null) {
                            file.append(layout.key(config), run.run(), timeBudgetSeconds, memoryBudgetMb);
                        }
                        view.finished(run.run());
                    }
                    if (run.kernelStop() != null) {
                        ended = true;
                        view.stopped(stoppedNote(layout, runs, run.run()));
                        throw run.kernelStop();
                    }
                }
            }
            ended = true;
        } finally {
            if (!ended) {
                view.stopped(stoppedNote(layout, runs, null));
            }
        }
        Results results = new Results(layout, resultName, format, runs);
        view.end(results, results.summary() + (file == null ? "" : "; saved in " + file.path()));
        return results;
    }

    /** Puts the file's reusable runs into {@code runs}; returns the line that says what was loaded. */
    private String load(ResultsFile file, Layout layout, Map<Config, Run> runs) {
        int again = 0;
        Set<List<String>> keys = new HashSet<>();
        for (Config config : layout.configs()) {
            List<String> key = layout.key(config);
            keys.add(key);
            ResultsFile.Row row = file.find(key);
            if (row == null) {
                continue;
            }
            if (reusable(row)) {
                runs.put(config, new Run(config, row.result(), row.seconds(), row.memoryMb(), row.status(), row.reason()));
            } else {
                again++;
            }
        }
        String name = file.path().getFileName().toString();
        List<String> notes = new ArrayList<>();
        if (again > 0) {
            notes.add(again + (again == 1 ? " run that did not finish runs" : " runs that did not finish run") + " again");
        }
        int outside = file.outside(keys);
        if (outside > 0) {
            notes.add(outside + " other " + (outside == 1 ? "run" : "runs") + " in the file, with other values, not used");
        }
        if (file.unreadable() > 0) {
            notes.add(file.unreadable() + " unreadable " + (file.unreadable() == 1 ? "line" : "lines") + " skipped");
        }
        String loaded = runs.isEmpty() && again == 0 && outside == 0
                ? "Saving runs to " + name + " as they finish"
                : runs.size() + " of " + layout.configs().size() + " runs loaded from " + name;
        return loaded + (notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")");
    }

    /** Whether a saved run still stands: failures by exception, and DNFs under a smaller budget, run again. */
    private boolean reusable(ResultsFile.Row row) {
        return switch (row.status()) {
            case OK -> true;
            case NAN, OUT_OF_MEMORY -> !rerunDnf;
            case ERROR -> false;
            case TIME -> !rerunDnf && !(Double.isNaN(timeBudgetSeconds) || timeBudgetSeconds > row.timeBudgetSeconds());
            case MEMORY -> !rerunDnf && !(Double.isNaN(memoryBudgetMb) || memoryBudgetMb > row.memoryBudgetMb());
        };
    }

    private String stoppedNote(Layout layout, Map<Config, Run> runs, Run last) {
        String kept = runs.size() + " of " + layout.configs().size() + " runs done";
        String where = resultsFile == null
                ? "; without .results(\"file.csv\") they are lost when the cell runs again"
                : " and saved in " + resultsFile.getFileName() + "; run the cell again to continue where it stopped";
        String cause = last != null && last.status() == Status.OUT_OF_MEMORY
                ? "The kernel stopped the cell: " + last.config().describe(layout.axisNames())
                + " filled its heap (recorded as DNF). "
                : "Stopped. ";
        return cause + kept + where + ".";
    }

    private String budgets() {
        List<String> parts = new ArrayList<>();
        if (!Double.isNaN(timeBudgetSeconds)) {
            parts.add("time budget " + Outcome.seconds(timeBudgetSeconds) + " per run");
        }
        if (!Double.isNaN(memoryBudgetMb)) {
            parts.add(String.format(Locale.ROOT, "memory budget %,.0f MB", memoryBudgetMb));
        }
        return String.join(", ", parts);
    }

    private Layout layout(String resultName) {
        if (axes.isEmpty()) {
            throw new IllegalStateException("the experiment has no axes: start with Experiment.grid(\"name\", values...)");
        }
        return new Layout(axes, fixed, resultName);
    }

    private void checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a setting needs a name");
        }
        if (ResultsFile.RUN_COLUMNS.contains(name)) {
            throw new IllegalArgumentException("'" + name + "' names a column of the results; call the setting something else");
        }
        if (fixed.containsKey(name) || axes.stream().anyMatch(a -> a.name().equals(name))) {
            throw new IllegalArgumentException("the experiment already has a setting named '" + name + "'");
        }
    }

    @Override
    public String toString() {
        String shape = axes.stream().map(a -> a.name() + " (" + a.values().size() + ")").collect(Collectors.joining(" × "));
        int runs = axes.stream().mapToInt(a -> a.values().size()).reduce(1, (a, b) -> a * b);
        return "Experiment " + shape + ": " + runs + (runs == 1 ? " run" : " runs")
                + (budgets().isEmpty() ? "" : "; " + budgets())
                + (resultsFile == null ? "" : "; results in " + resultsFile);
    }
}
