package cuaderno.experiment;

import cuaderno.display.Notebook;
import org.dflib.jjava.jupyter.kernel.BaseKernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an experiment shows while it runs. In a notebook: one display, updated in place, with the table filling in,
 * the run in progress marked (its time so far, against the budget) and what was loaded from the results file; at
 * the end the final table, then a heatmap and the table of times. In a console: a line per run, then the tables.
 * Called from the cell thread and, for progress, from the experiment's watch thread.
 */
final class LiveView {

    private static final long MIN_INTERVAL_NANOS = 100_000_000L;

    private final Layout layout;
    private final String resultName;
    private final String format;
    private final List<String> header;
    private final String loaded;
    private final Map<Config, Run> runs = new LinkedHashMap<>();
    private final boolean notebook = inNotebook();
    private String displayId;
    private long lastShown;
    private Config current;
    private String currentLine = "";
    private String currentCell = "";
    private String currentEstimate = "";
    private int number;

    /**
     * @param header lines shown above the table while it runs (what was loaded, the budgets)
     * @param loaded what was loaded from the results file, repeated below the final table; null if nothing
     */
    LiveView(Layout layout, String resultName, String format, List<String> header, String loaded) {
        this.layout = layout;
        this.resultName = resultName;
        this.format = format;
        List<String> lines = new ArrayList<>(List.of(resultName));
        lines.addAll(header);
        this.header = List.copyOf(lines);
        this.loaded = loaded;
    }

    private static boolean inNotebook() {
        try {
            return BaseKernel.notebookKernel() != null;
        } catch (NullPointerException noKernel) {
            return false;
        }
    }

    synchronized void start(Map<Config, Run> loaded) {
        runs.putAll(loaded);
        number = loaded.size();
        if (notebook) {
            show(true);
        } else {
            header.subList(1, header.size()).forEach(System.out::println);
        }
    }

    /** @param estimated the run's estimated seconds, NaN if none */
    synchronized void running(Config config, double estimated) {
        current = config;
        currentEstimate = Double.isNaN(estimated) ? "" : " (estimated " + Outcome.seconds(estimated) + ")";
        currentCell = "▶";
        number++;
        currentLine = "run " + number + " of " + layout.configs().size() + ": " + config.describe(layout.axisNames())
                + currentEstimate;
        show(false);
    }

    /** From the watch thread, about once a second. */
    synchronized void progress(RunWatch.Progress progress) {
        if (current == null) {
            return;
        }
        currentCell = "▶ " + Outcome.seconds(progress.seconds());
        String memory = Double.isNaN(progress.memoryMb()) ? "" : String.format(Locale.ROOT, ", kernel %,.0f MB", progress.memoryMb());
        currentLine = "run " + number + " of " + layout.configs().size() + ": " + current.describe(layout.axisNames())
                + " — " + Outcome.seconds(progress.seconds()) + currentEstimate + memory
                + (progress.stop() == null ? "" : " — " + progress.stop().reason() + ", stopping at its next check");
        show(false);
    }

    synchronized void finished(Run run) {
        runs.put(run.config(), run);
        current = null;
        if (notebook) {
            show(false);
        } else {
            System.out.printf(Locale.ROOT, "[%d/%d] %s: %s (%s)%n", number, layout.configs().size(),
                    run.config().describe(layout.axisNames()), run.finished() ? run.cell(format) : "DNF, " + run.reason(),
                    Double.isNaN(run.seconds()) ? "not run" : Outcome.seconds(run.seconds()));
        }
    }

    /** The cell was stopped before the experiment ended; {@code why} says what is kept and what to do. */
    synchronized void stopped(String why) {
        current = null;
        currentLine = why;
        if (notebook) {
            show(true);
        } else {
            System.out.println(why);
        }
    }

    /** The final table, then the heatmap and the times (separate outputs, so PDF export keeps the pictures). */
    synchronized void end(Results results, String summary) {
        current = null;
        List<String> below = loaded == null ? List.of(summary) : List.of(summary, loaded);
        var table = results.view(List.of(resultName), below, null, null, false);
        if (notebook) {
            Notebook.updateDisplay(displayId, html(table));
            Notebook.display(results.heatmap());
            Notebook.display(html(results.timesView()));
        } else {
            System.out.println(table.data().get("text/plain"));
            System.out.println(results.timesView().data().get("text/plain"));
        }
    }

    private void show(boolean always) {
        if (!notebook) {
            return;
        }
        long now = System.nanoTime();
        if (!always && displayId != null && now - lastShown < MIN_INTERVAL_NANOS) {
            return; // the watch's next tick shows it
        }
        lastShown = now;
        Results sofar = new Results(layout, resultName, format, runs);
        var bundle = sofar.view(header, currentLine.isEmpty() ? List.of() : List.of(currentLine), current, currentCell, true);
        if (displayId == null) {
            displayId = Notebook.display(html(bundle));
        } else {
            Notebook.updateDisplay(displayId, html(bundle));
        }
    }

    /** A bundle as something the display functions render. */
    private static cuaderno.display.Displayable html(cuaderno.display.MimeBundle bundle) {
        return () -> bundle;
    }
}
