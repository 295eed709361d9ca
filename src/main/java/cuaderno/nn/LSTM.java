package cuaderno.nn;

/**
 * Keras' {@code LSTM(units)}: a recurrent layer that reads a sequence and returns its last output. Forget-gate bias
 * starts at 1.0 (as Keras' {@code unit_forget_bias} and TF1's {@code forget_bias=1.0}), tanh output, sigmoid gates.
 * Its input is {@code [examples, features, time steps]} (DL4J's layout; {@code digits.sequences()} gives it).
 */
public final class LSTM implements Layer {

    private final int units;
    private final Integer features;

    public LSTM(int units) {
        this(units, null);
    }

    private LSTM(int units, Integer features) {
        if (units <= 0) {
            throw new ModelError("an LSTM layer needs at least one unit, not " + units);
        }
        this.units = units;
        this.features = features;
    }

    /** Keras' {@code input_shape=(time steps, features)}: the number of features per step is what shapes the weights. */
    public LSTM inputShape(int timeSteps, int features) {
        if (timeSteps <= 0 || features <= 0) {
            throw new ModelError("inputShape takes positive time steps and features, not (" + timeSteps + ", " + features + ")");
        }
        return new LSTM(units, features);
    }

    public int units() {
        return units;
    }

    Integer featuresOrNull() {
        return features;
    }

    /** Keras' count: four gates, each with input weights, recurrent weights and a bias. */
    long params(int in) {
        return 4L * (units * (long) (in + units) + units);
    }

    @Override
    public String typeName() {
        return "LSTM";
    }
}
