package cuaderno.nn;

import cuaderno.display.Displayable;
import cuaderno.display.Escape;
import cuaderno.display.MimeBundle;
import cuaderno.plot.Figure;
import cuaderno.plot.Grid;
import cuaderno.plot.Plot;
import cuaderno.table.TableView;
import cuaderno.table.Tables;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code fit} returns: loss and accuracy per epoch (and validation ones when there is validation data), like
 * Keras' {@code History}. {@link #table()} gives them as a Tablesaw table; in a notebook it shows as a table.
 */
public final class History implements Displayable {

    /** One epoch's figures; validation figures are NaN without validation data. */
    public record Epoch(int epoch, double loss, double accuracy, double valLoss, double valAccuracy, double seconds) {
    }

    /** One training step (batch): its loss, and its accuracy when measured (else NaN). */
    public record Step(int epoch, int step, double loss, double accuracy) {
    }

    private final String engine;
    private final List<Epoch> epochs = new ArrayList<>();
    private final List<Step> steps = new ArrayList<>();
    private String stopReason;
    private boolean stopReasonShown;

    History(String engine) {
        this.engine = engine;
    }

    /** What trained the model: Cuaderno's fast engine, or DL4J's fit and why. */
    public String engine() {
        return engine;
    }

    void add(Epoch epoch) {
        epochs.add(epoch);
    }

    void addStep(Step step) {
        steps.add(step);
    }

    /** Every step's figures, if fit was asked to {@code recordSteps(true)}; empty otherwise. */
    public List<Step> steps() {
        return List.copyOf(steps);
    }

    /** epoch, step, loss [, accuracy] per training step. */
    public Table stepTable() {
        Table table = Table.create("steps",
                IntColumn.create("epoch", steps.stream().mapToInt(Step::epoch).toArray()),
                IntColumn.create("step", steps.stream().mapToInt(Step::step).toArray()),
                DoubleColumn.create("loss", steps.stream().mapToDouble(Step::loss).toArray()));
        if (steps.stream().anyMatch(s -> !Double.isNaN(s.accuracy))) {
            table.addColumns(DoubleColumn.create("accuracy", steps.stream().mapToDouble(Step::accuracy).toArray()));
        }
        return table;
    }

    void stopped(String reason) {
        this.stopReason = reason;
    }

    /** The progress output already said why training stopped: showing this history need not say it again. */
    void stopReasonShown() {
        this.stopReasonShown = true;
    }

    /**
     * What to say below the table: why training stopped early, unless fit's output said it already, and which
     * engine trained the model when it was DL4J's fit (several times slower), with why.
     */
    private String note() {
        List<String> notes = new ArrayList<>();
        if (stopReason != null && !stopReasonShown) {
            notes.add(stopReason);
        }
        if (engine.startsWith("DL4J")) {
            notes.add("Trained by " + engine + ".");
        }
        return notes.isEmpty() ? null : String.join(" ", notes);
    }

    public List<Epoch> epochs() {
        return List.copyOf(epochs);
    }

    /** Why training ended before its last epoch (NaN loss, interrupt, early stopping), or null. */
    public String stopReason() {
        return stopReason;
    }

    public double[] loss() {
        return epochs.stream().mapToDouble(Epoch::loss).toArray();
    }

    public double[] accuracy() {
        return epochs.stream().mapToDouble(Epoch::accuracy).toArray();
    }

    public double[] valLoss() {
        return epochs.stream().mapToDouble(Epoch::valLoss).toArray();
    }

    public double[] valAccuracy() {
        return epochs.stream().mapToDouble(Epoch::valAccuracy).toArray();
    }

    private boolean hasValidation() {
        return epochs.stream().anyMatch(e -> !Double.isNaN(e.valLoss));
    }

    private boolean hasAccuracy() {
        return epochs.stream().anyMatch(e -> !Double.isNaN(e.accuracy));
    }

    /** epoch, loss, accuracy [, val_loss, val_accuracy], as a Tablesaw table. */
    public Table table() {
        Table table = Table.create("history",
                IntColumn.create("epoch", epochs.stream().mapToInt(Epoch::epoch).toArray()),
                DoubleColumn.create("loss", loss()));
        if (hasAccuracy()) {
            table.addColumns(DoubleColumn.create("accuracy", accuracy()));
        }
        if (hasValidation()) {
            table.addColumns(DoubleColumn.create("val_loss", valLoss()));
            if (hasAccuracy()) {
                table.addColumns(DoubleColumn.create("val_accuracy", valAccuracy()));
            }
        }
        return table;
    }

    /**
     * Said instead of the table when no epoch ended (■ during the first one): an empty table would look like a
     * fault. The reason is said again even if the progress output said it, since it is all there is to show.
     */
    private String noEpochs() {
        return "No epoch ended, so this history holds none." + (stopReason == null ? "" : " " + stopReason);
    }

    /** The table (HTML, LaTeX, Markdown, text) and its {@link #note}. */
    @Override
    public MimeBundle toMimeBundle() {
        if (epochs.isEmpty()) {
            String text = noEpochs();
            return MimeBundle.text(text).html("<p>" + Escape.html(text) + "</p>").latex(Escape.latex(text) + "\n")
                    .markdown(text + "\n");
        }
        MimeBundle table = shown().toMimeBundle();
        Map<String, Object> data = table.data();
        String note = note();
        if (note == null) {
            return table;
        }
        return MimeBundle.text(data.get("text/plain") + "\n" + note)
                .html(data.get("text/html") + "<p>" + Escape.html(note) + "</p>")
                .latex(data.get("text/latex") + "\\par " + Escape.latex(note) + "\n")
                .markdown(data.get("text/markdown") + "\n" + note + "\n");
    }

    /**
     * Loss and accuracy per epoch side by side, training solid and validation dashed (what people plot from
     * Keras' {@code history.history}).
     */
    public Grid plot() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("this history has no epochs to plot: training stopped before the first one ended");
        }
        double[] x = epochs.stream().mapToDouble(Epoch::epoch).toArray();
        Figure loss = Plot.figure("loss").xLabel("epoch").yLabel("loss").size(460, 340).line("train", x, loss());
        if (hasValidation()) {
            loss.line("validation", x, valLoss()).dashed();
        }
        if (!hasAccuracy()) {
            return Plot.grid(1, loss);
        }
        Figure accuracy = Plot.figure("accuracy").xLabel("epoch").yLabel("accuracy").size(460, 340)
                .line("train", x, accuracy());
        if (hasValidation()) {
            accuracy.line("validation", x, valAccuracy()).dashed();
        }
        return Plot.grid(2, loss, accuracy);
    }

    /** Every epoch, numbered by its epoch column alone, figures with 4 decimals as Keras prints them. */
    private TableView shown() {
        return Tables.view(table()).allRows().rowNumbers(false).decimals(4);
    }

    @Override
    public String toString() {
        if (epochs.isEmpty()) {
            return noEpochs();
        }
        String text = shown().toString();
        String note = note();
        return note == null ? text : text + '\n' + note;
    }
}
