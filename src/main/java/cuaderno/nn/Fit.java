package cuaderno.nn;

/**
 * How to train, Keras' {@code fit} arguments: {@code Fit.epochs(70).batchSize(50).validationSplit(0.3)}.
 * Defaults as Keras: batch size 32, shuffled every epoch, progress shown.
 */
public final class Fit {

    int epochs = 1;
    int batchSize = 32;
    double validationSplit;
    Object[] validationData;
    boolean shuffle = true;
    boolean verbose = true;
    long seed = 42;
    boolean stopOnNaN = true;
    int patience = -1;
    boolean recordSteps;

    private Fit() {
    }

    public static Fit epochs(int epochs) {
        if (epochs <= 0) {
            throw new ModelError("epochs must be at least 1, not " + epochs);
        }
        Fit fit = new Fit();
        fit.epochs = epochs;
        return fit;
    }

    public Fit batchSize(int size) {
        if (size <= 0) {
            throw new ModelError("batchSize must be at least 1, not " + size);
        }
        this.batchSize = size;
        return this;
    }

    /** The last {@code fraction} of the data validates (not trained on), as in Keras. */
    public Fit validationSplit(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new ModelError("validationSplit is a fraction from 0 up to (not including) 1, not " + fraction);
        }
        this.validationSplit = fraction;
        return this;
    }

    public Fit validationData(org.nd4j.linalg.api.ndarray.INDArray x, org.nd4j.linalg.api.ndarray.INDArray y) {
        this.validationData = new Object[]{x, y};
        return this;
    }

    public Fit shuffle(boolean shuffle) {
        this.shuffle = shuffle;
        return this;
    }

    public Fit verbose(boolean verbose) {
        this.verbose = verbose;
        return this;
    }

    /**
     * Keras' {@code EarlyStopping(monitor="val_loss", patience=n)}: stops once the validation loss (the training loss
     * without validation data) has not improved for {@code patience} epochs in a row.
     */
    public Fit earlyStopping(int patience) {
        if (patience < 0) {
            throw new ModelError("patience counts epochs without improvement: 0 or more, not " + patience);
        }
        this.patience = patience;
        return this;
    }

    /** Also records every step's loss (and accuracy when measured): {@code history.steps()}, {@code stepTable()}. */
    public Fit recordSteps(boolean record) {
        this.recordSteps = record;
        return this;
    }

    /** Seed of the batch order (weights take the model's seed). */
    public Fit seed(long seed) {
        this.seed = seed;
        return this;
    }
}
