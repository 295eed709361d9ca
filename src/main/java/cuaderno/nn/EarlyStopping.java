package cuaderno.nn;

import java.util.Locale;
import java.util.Map;

/**
 * Keras' {@code EarlyStopping(monitor="val_loss", patience=n)}: stops training once the monitored figure has not
 * improved for {@code patience} epochs in a row. A loss (or val_loss) improves by going down, an accuracy by going
 * up; "val_loss" without validation data falls back to "loss". {@code Fit.earlyStopping(n)} is the short form.
 */
public final class EarlyStopping implements Callback {

    private final String monitor;
    private final int patience;
    private Sequential model;
    private double best;
    private int epochsWithoutImprovement;

    public EarlyStopping(String monitor, int patience) {
        if (patience < 0) {
            throw new ModelError("patience counts epochs without improvement: 0 or more, not " + patience);
        }
        if (!monitor.matches("(val_)?(loss|accuracy)")) {
            throw new ModelError("EarlyStopping monitors loss, accuracy, val_loss or val_accuracy, not '" + monitor + "'");
        }
        this.monitor = monitor;
        this.patience = patience;
    }

    @Override
    public void setModel(Sequential model) {
        this.model = model;
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        best = Double.NaN;
        epochsWithoutImprovement = 0;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        String name = logs.containsKey(monitor) ? monitor : monitor.replace("val_", "");
        Double value = logs.get(name);
        if (value == null) {
            throw new ModelError("EarlyStopping monitors " + monitor + ", which this training does not measure: "
                    + "compile with \"accuracy\" to monitor an accuracy");
        }
        boolean higherIsBetter = name.endsWith("accuracy");
        if (Double.isNaN(best) || (higherIsBetter ? value > best : value < best)) {
            best = value;
            epochsWithoutImprovement = 0;
        } else if (++epochsWithoutImprovement > patience) {
            model.stopTraining(String.format(Locale.ROOT, "Early stopping after epoch %d: %s has not improved on %.4f"
                    + " for %d epochs.", epoch + 1, name, best, patience + 1));
        }
    }
}
