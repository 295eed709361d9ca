package cuaderno.experiment;

import cuaderno.display.Displayable;
import cuaderno.display.MimeBundle;
import cuaderno.plot.Figure;
import cuaderno.plot.HeatMap;
import cuaderno.plot.Plot;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * What an experiment gave: every run's result, time, memory and status. Shows as the seed's table (rows × columns
 * of results, DNF where a run did not finish, and why below it); {@link #table()} is one row per run for further
 * analysis, {@link #pivot()}, {@link #times()}, {@link #best()}, {@link #heatmap()} and {@link #plot()} the usual
 * views of it.
 */
public final class Results implements Displayable {

    private final Layout layout;
    private final String resultName;
    private final String format;
    private final Map<Config, Run> runs;

    Results(Layout layout, String resultName, String format, Map<Config, Run> runs) {
        this.layout = layout;
        this.resultName = resultName;
        this.format = format;
        this.runs = new LinkedHashMap<>();
        for (Config config : layout.configs()) { // in the experiment's order, whatever order they ran or loaded in
            if (runs.containsKey(config)) {
                this.runs.put(config, runs.get(config));
            }
        }
    }

    /** The runs done (finished or not), in the experiment's order. */
    public List<Run> runs() {
        return List.copyOf(runs.values());
    }

    /** The run of one configuration, or null if it has not run. */
    public Run run(Config config) {
        return runs.get(config);
    }

    /** How many configurations the experiment has, run or not. */
    public int size() {
        return layout.configs().size();
    }

    /** Runs that finished (not DNF). */
    public int finished() {
        return (int) runs.values().stream().filter(Run::finished).count();
    }

    /** One row per run: the axes, the result (NaN for a DNF), seconds, memory_mb, status and reason. */
    public Table table() {
        Table table = Table.create("runs");
        List<Run> list = runs();
        for (String axis : layout.axisNames()) {
            table.addColumns(column(axis, list.stream().map(r -> r.config().get(axis)).toList()));
        }
        return table.addColumns(
                DoubleColumn.create(resultName, list.stream().mapToDouble(Run::result).toArray()),
                DoubleColumn.create("seconds", list.stream().mapToDouble(Run::seconds).toArray()),
                DoubleColumn.create("memory_mb", list.stream().mapToDouble(Run::memoryMb).toArray()),
                StringColumn.create("status", list.stream().map(r -> r.status().code()).toList()),
                StringColumn.create("reason", list.stream().map(Run::reason).toList()));
    }

    /** The seed's view: rows are the first axis, columns the others, cells the results (NaN where DNF or not run). */
    public Table pivot() {
        return pivot(resultName, matrix(Run::result, false));
    }

    /** Seconds per run in the same rows × columns (DNF runs too: how long they ran before they stopped). */
    public Table times() {
        return pivot("seconds", matrix(Run::seconds, true));
    }

    private Table pivot(String name, double[][] values) {
        Table table = Table.create(name).addColumns(column(layout.axes().get(0).name(), layout.axes().get(0).values()));
        for (int c = 0; c < layout.columns(); c++) {
            double[] column = new double[layout.rows()];
            for (int r = 0; r < layout.rows(); r++) {
                column[r] = values[r][c];
            }
            table.addColumns(DoubleColumn.create(layout.columnLabels().get(c), column));
        }
        return table;
    }

    /** For each value of the first axis, its best finished run (the highest result): the axes, result and seconds. */
    public Table best() {
        List<Run> best = new ArrayList<>();
        for (int r = 0; r < layout.rows(); r++) {
            Run top = null;
            for (int c = 0; c < layout.columns(); c++) {
                Run run = runs.get(layout.configs().get(r * layout.columns() + c));
                if (run != null && run.finished() && (top == null || run.result() > top.result())) {
                    top = run;
                }
            }
            if (top != null) {
                best.add(top);
            }
        }
        Table table = Table.create("best");
        for (String axis : layout.axisNames()) {
            table.addColumns(column(axis, best.stream().map(r -> r.config().get(axis)).toList()));
        }
        return table.addColumns(DoubleColumn.create(resultName, best.stream().mapToDouble(Run::result).toArray()),
                DoubleColumn.create("seconds", best.stream().mapToDouble(Run::seconds).toArray()));
    }

    /** The results as an annotated heatmap; DNF cells stay blank. */
    public HeatMap heatmap() {
        return Plot.heatmap(matrix(Run::result, false)).format(format)
                .rowLabels(layout.rowLabels().toArray(String[]::new))
                .columnLabels(layout.columnLabels().toArray(String[]::new))
                .title(resultName).yLabel(layout.axisNames().get(0))
                .xLabel(layout.axes().size() > 1 ? String.join(", ", layout.axisNames().subList(1, layout.axes().size())) : "");
    }

    /** Result against seconds for every finished run, one series per value of the first axis. */
    public Figure plot() {
        Figure figure = Plot.figure(resultName + " vs time").xLabel("seconds").yLabel(resultName);
        double[] seconds = runs.values().stream().filter(Run::finished).mapToDouble(Run::seconds).toArray();
        double shortest = Arrays.stream(seconds).min().orElse(0);
        if (shortest > 0 && Arrays.stream(seconds).max().orElse(0) > 20 * shortest) {
            figure.logX().xLabel("seconds (log scale)"); // runs of a few seconds next to runs of minutes
        }
        String rowAxis = layout.axisNames().get(0);
        for (int r = 0; r < layout.rows(); r++) {
            List<Run> row = new ArrayList<>();
            for (int c = 0; c < layout.columns(); c++) {
                Run run = runs.get(layout.configs().get(r * layout.columns() + c));
                if (run != null && run.finished()) {
                    row.add(run);
                }
            }
            if (!row.isEmpty()) {
                figure.scatter(rowAxis + "=" + layout.rowLabels().get(r), row.stream().mapToDouble(Run::seconds).toArray(),
                        row.stream().mapToDouble(Run::result).toArray());
            }
        }
        return figure;
    }

    /** The seed's table with the reasons of the DNFs below it. */
    @Override
    public MimeBundle toMimeBundle() {
        return view(List.of(resultName), List.of(summary()), null, null, false);
    }

    /**
     * The seed's table with lines of text before it and after it (the DNFs' reasons first). {@code current}, if not null, is the run in progress, marked with {@code currentText}; configurations
     * not run yet show as "·" when {@code pending}.
     */
    MimeBundle view(List<String> before, List<String> after, Config current, String currentText, boolean pending) {
        CellTable table = new CellTable(layout.corner(), layout.rowLabels(), layout.columnLabels());
        for (int i = 0; i < layout.configs().size(); i++) {
            Config config = layout.configs().get(i);
            Run run = runs.get(config);
            int row = i / layout.columns();
            int column = i % layout.columns();
            if (config.equals(current)) {
                table.set(row, column, currentText, "background:#fff3b0;font-weight:bold", "running now");
            } else if (run != null) {
                table.set(row, column, run.cell(format), run.finished() ? null : "color:#a33",
                        run.finished() ? null : run.reason());
            } else if (pending) {
                table.set(row, column, "·", "color:#999", "not run yet");
            }
        }
        List<String> below = new ArrayList<>(dnfNotes());
        below.addAll(after);
        return table.bundle(before, below);
    }

    /** The seconds of every run in the seed's rows × columns. */
    MimeBundle timesView() {
        CellTable table = new CellTable(layout.corner(), layout.rowLabels(), layout.columnLabels());
        for (int i = 0; i < layout.configs().size(); i++) {
            Run run = runs.get(layout.configs().get(i));
            if (run != null) {
                table.set(i / layout.columns(), i % layout.columns(),
                        Double.isNaN(run.seconds()) ? "not run"
                                : String.format(Locale.ROOT, "%.1f", run.seconds()) + (run.finished() ? "" : " (DNF)"), null,
                        run.finished() ? null : run.reason());
            }
        }
        return table.bundle(List.of("seconds per run"), List.of());
    }

    /** One line per reason runs did not finish: "DNF, over the time budget of 60 s: units=4096 (6 runs)". */
    List<String> dnfNotes() {
        Map<String, List<Run>> byReason = new LinkedHashMap<>();
        for (Run run : runs.values()) {
            if (!run.finished()) {
                byReason.computeIfAbsent(run.reason(), k -> new ArrayList<>()).add(run);
            }
        }
        List<String> lines = new ArrayList<>();
        byReason.forEach((reason, list) -> {
            List<String> names = list.stream().limit(4).map(r -> r.config().describe(layout.axisNames())).toList();
            lines.add("DNF, " + reason + ": " + String.join("; ", names)
                    + (list.size() > 4 ? "; and " + (list.size() - 4) + " more" : ""));
        });
        return lines;
    }

    String summary() {
        int done = runs.size();
        int dnf = done - finished();
        double seconds = runs.values().stream().mapToDouble(Run::seconds).filter(s -> !Double.isNaN(s)).sum();
        return done + " of " + size() + " runs done" + (dnf == 0 ? "" : " (" + dnf + " DNF)") + ", "
                + Outcome.seconds(seconds) + " of running time";
    }

    /** One value per cell of the seed's table; NaN where nothing ran, and for DNF runs unless {@code dnfToo}. */
    private double[][] matrix(ToDoubleFunction<Run> value, boolean dnfToo) {
        double[][] values = new double[layout.rows()][layout.columns()];
        for (int i = 0; i < layout.configs().size(); i++) {
            Run run = runs.get(layout.configs().get(i));
            values[i / layout.columns()][i % layout.columns()] =
                    run != null && (dnfToo || run.finished()) ? value.applyAsDouble(run) : Double.NaN;
        }
        return values;
    }

    /** A column of the values' own type: whole numbers, decimals, booleans, else text. */
    private static Column<?> column(String name, List<Object> values) {
        if (values.stream().allMatch(v -> v instanceof Integer)) {
            return IntColumn.create(name, values.stream().mapToInt(v -> (Integer) v).toArray());
        }
        if (values.stream().allMatch(v -> v instanceof Integer || v instanceof Long)) {
            return LongColumn.create(name, values.stream().mapToLong(v -> ((Number) v).longValue()).toArray());
        }
        if (values.stream().allMatch(v -> v instanceof Number)) {
            return DoubleColumn.create(name, values.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray());
        }
        if (values.stream().allMatch(v -> v instanceof Boolean)) {
            return BooleanColumn.create(name, values.stream().map(v -> (Boolean) v).toList());
        }
        return StringColumn.create(name, values.stream().map(Config::text).toList());
    }

    @Override
    public String toString() {
        return (String) toMimeBundle().data().get("text/plain");
    }
}
