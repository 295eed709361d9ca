package cuaderno.nn;

import cuaderno.display.Displayable;
import cuaderno.display.MimeBundle;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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

    private final List<Epoch> epochs = new ArrayList<>();
    private final List<Step> steps = new ArrayList<>();
    private String stopReason;

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

    @Override
    public MimeBundle toMimeBundle() {
        Table table = table();
        List<String> header = table.columnNames();
        StringBuilder html = new StringBuilder("<table class=\"dataframe\"><thead><tr>");
        header.forEach(h -> html.append("<th>").append(h).append("</th>"));
        html.append("</tr></thead><tbody>");
        StringBuilder markdown = new StringBuilder("| " + String.join(" | ", header) + " |\n|"
                + "---:|".repeat(header.size()) + "\n");
        for (int row = 0; row < table.rowCount(); row++) {
            List<String> cells = new ArrayList<>();
            for (String column : header) {
                cells.add(column.equals("epoch") ? String.valueOf(table.intColumn(column).getInt(row))
                        : number(table.doubleColumn(column).getDouble(row)));
            }
            html.append("<tr>");
            cells.forEach(c -> html.append("<td style=\"text-align:right\">").append(c).append("</td>"));
            html.append("</tr>");
            markdown.append("| ").append(String.join(" | ", cells)).append(" |\n");
        }
        html.append("</tbody></table>");
        if (stopReason != null) {
            html.append("<p>").append(stopReason.replace("&", "&amp;").replace("<", "&lt;")).append("</p>");
            markdown.append('\n').append(stopReason).append('\n');
        }
        return MimeBundle.text(toString()).html(html.toString()).markdown(markdown.toString());
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "NaN" : String.format(Locale.ROOT, "%.4f", value);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(table().printAll());
        if (stopReason != null) {
            text.append('\n').append(stopReason);
        }
        return text.toString();
    }
}
