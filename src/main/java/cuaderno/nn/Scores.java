package cuaderno.nn;

import java.util.Locale;

/**
 * What {@code model.evaluate(x, y)} returns: the loss and the accuracy on that data, printed as Keras prints them
 * ({@code loss: 0.2903 - accuracy: 0.9187}; the accuracy only when the model was compiled with "accuracy", as in
 * Keras, though {@link #accuracy()} is measured either way).
 */
public final class Scores {

    private final double loss;
    private final double accuracy;
    private final boolean showAccuracy;

    Scores(double loss, double accuracy, boolean showAccuracy) {
        this.loss = loss;
        this.accuracy = accuracy;
        this.showAccuracy = showAccuracy;
    }

    /** The mean loss over the examples. */
    public double loss() {
        return loss;
    }

    /** The fraction of examples whose largest output is at their label. */
    public double accuracy() {
        return accuracy;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "loss: %.4f", loss)
                + (showAccuracy ? String.format(Locale.ROOT, " - accuracy: %.4f", accuracy) : "");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Scores s && Double.compare(s.loss, loss) == 0 && Double.compare(s.accuracy, accuracy) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(loss) * 31 + Double.hashCode(accuracy);
    }
}
