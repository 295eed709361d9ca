package cuaderno.nn;

import cuaderno.display.Escape;
import cuaderno.display.Html;
import cuaderno.display.Notebook;
import org.dflib.jjava.jupyter.kernel.BaseKernel;

import java.util.Locale;
import java.util.Map;

/**
 * Keras' progress output of {@code fit} as a callback. verbose 1: a live bar under the cell in a notebook (updated
 * at most ten times a second), a text bar in a console; verbose 2: one line per epoch; 0: nothing. Either way it
 * ends with why training stopped early, if it did, which the History then need not repeat.
 */
final class Progress implements Callback {

    private static final long MIN_INTERVAL_NANOS = 100_000_000L;

    private final int epochs;
    private final int steps;
    private final int verbose;
    private final boolean notebook;
    private final History history;
    private final StringBuilder finished = new StringBuilder();
    private String displayId;
    private long epochStart;
    private long lastShown;
    private int epoch;

    Progress(int epochs, int steps, int verbose, History history) {
        this.epochs = epochs;
        this.steps = steps;
        this.verbose = verbose;
        this.history = history;
        this.notebook = verbose == 1 && inNotebook();
    }

    private static boolean inNotebook() {
        try {
            return BaseKernel.notebookKernel() != null;
        } catch (NullPointerException noKernel) {
            return false;
        }
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        this.epoch = epoch;
        epochStart = System.nanoTime();
    }

    @Override
    public void onBatchEnd(int batch, Map<String, Double> logs) {
        long now = System.nanoTime();
        int step = batch + 1;
        if (verbose != 1 || (now - lastShown < MIN_INTERVAL_NANOS && step < steps)) {
            return;
        }
        lastShown = now;
        double elapsed = (now - epochStart) / 1e9;
        double left = elapsed / step * (steps - step);
        show(String.format(Locale.ROOT, "Epoch %d/%d %s %d/%d - ETA %s", epoch + 1, epochs, bar(step), step, steps,
                seconds(left)) + figures(logs), false);
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        line(String.format(Locale.ROOT, "Epoch %d/%d - %s", epoch + 1, epochs, seconds((System.nanoTime() - epochStart) / 1e9))
                + figures(logs));
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        if (history.stopReason() != null && verbose > 0) {
            line(history.stopReason());
            history.stopReasonShown();
        }
    }

    /** " - loss: 0.1234 - accuracy: 0.9000", Keras' way. */
    private static String figures(Map<String, Double> logs) {
        StringBuilder out = new StringBuilder();
        logs.forEach((name, value) -> out.append(String.format(Locale.ROOT, " - %s: %.4f", name, value)));
        return out.toString();
    }

    private void line(String text) {
        if (verbose == 0) {
            return;
        }
        finished.append(text).append('\n');
        if (verbose == 2) {
            System.out.println(text);
        } else {
            show(null, true);
        }
    }

    private void show(String current, boolean lineDone) {
        if (notebook) {
            String text = finished + (current == null ? "" : current);
            // long lines (the reason training stopped) wrap between words: Jupyter's pre breaks anywhere
            Html html = Html.of("<pre style=\"margin:0;white-space:pre-wrap;word-break:normal;overflow-wrap:break-word\">"
                    + Escape.html(text) + "</pre>");
            if (displayId == null) {
                displayId = Notebook.display(html);
            } else {
                Notebook.updateDisplay(displayId, html);
            }
        } else if (lineDone) {
            String[] lines = finished.toString().split("\n");
            System.out.print("\r" + lines[lines.length - 1] + " ".repeat(20) + "\n");
        } else {
            System.out.print("\r" + current);
        }
    }

    private String bar(int step) {
        int width = 20;
        int done = steps == 0 ? width : (int) ((long) step * width / steps);
        return "[" + "=".repeat(done) + (done < width ? ">" + ".".repeat(width - done - 1) : "") + "]";
    }

    static String seconds(double s) {
        return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", (int) s / 60, (int) s % 60)
                : String.format(Locale.ROOT, "%.0fs", s);
    }
}
