package cuaderno.nn;

import cuaderno.display.Escape;
import cuaderno.display.Html;
import cuaderno.display.Notebook;
import org.dflib.jjava.jupyter.kernel.BaseKernel;

import java.util.Locale;

/**
 * The live progress of {@code fit}: an updating bar under the cell in a notebook, a text bar in a console. Shows
 * epoch, step, time left and running loss/accuracy; updates at most ten times a second.
 */
final class Progress {

    private static final long MIN_INTERVAL_NANOS = 100_000_000L;

    private final int epochs;
    private final int steps;
    private final boolean notebook;
    private String displayId;
    private long epochStart;
    private long lastShown;
    private final StringBuilder finished = new StringBuilder();

    Progress(int epochs, int steps, boolean verbose) {
        this.epochs = epochs;
        this.steps = steps;
        this.notebook = verbose && inNotebook();
        if (!verbose) {
            lastShown = Long.MAX_VALUE; // never shows
        }
    }

    private static boolean inNotebook() {
        try {
            return BaseKernel.notebookKernel() != null;
        } catch (NullPointerException noKernel) {
            return false;
        }
    }

    void startEpoch() {
        epochStart = System.nanoTime();
    }

    void step(int epoch, int step, double loss, double accuracy) {
        long now = System.nanoTime();
        if (lastShown == Long.MAX_VALUE || (now - lastShown < MIN_INTERVAL_NANOS && step < steps)) {
            return;
        }
        lastShown = now;
        double elapsed = (now - epochStart) / 1e9;
        double left = step == 0 ? 0 : elapsed / step * (steps - step);
        String line = String.format(Locale.ROOT, "Epoch %d/%d %s %d/%d - ETA %s - loss: %.4f", epoch, epochs,
                bar(step), step, steps, seconds(left), loss)
                + (Double.isNaN(accuracy) ? "" : String.format(Locale.ROOT, " - accuracy: %.4f", accuracy));
        show(line, false);
    }

    void endEpoch(String summary) {
        finished.append(summary).append('\n');
        if (lastShown == Long.MAX_VALUE) {
            return;
        }
        show(null, true);
    }

    void message(String text) {
        finished.append(text).append('\n');
        if (lastShown != Long.MAX_VALUE) {
            show(null, true);
        }
    }

    private void show(String current, boolean epochDone) {
        if (notebook) {
            String text = finished + (current == null ? "" : current);
            Html html = Html.of("<pre style=\"margin:0\">" + Escape.html(text) + "</pre>");
            if (displayId == null) {
                displayId = Notebook.display(html);
            } else {
                Notebook.updateDisplay(displayId, html);
            }
        } else if (epochDone) {
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
