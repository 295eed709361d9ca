package cuaderno.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How to train, Keras' {@code fit} arguments: {@code Fit.epochs(70).batchSize(50).validationSplit(0.3)}.
 * Defaults as Keras: batch size 32, shuffled every epoch, a progress bar ({@code verbose(1)}).
 */
public final class Fit {

    int epochs = 1;
    int batchSize = 32;
    double validationSplit;
    INDArray validationX;
    INDArray validationY;
    boolean shuffle = true;
    int verbose = 1;
    long seed = 42;
    boolean recordSteps;
    final List<Callback> callbacks = new ArrayList<>();

    private Fit() {
    }

    /** Trains this many times over the data (Keras' {@code epochs}); the other settings chain after it. */
    public static Fit epochs(int epochs) {
        if (epochs <= 0) {
            throw new ModelError("epochs must be at least 1, not " + epochs);
        }
        Fit fit = new Fit();
        fit.epochs = epochs;
        return fit;
    }

    /** Examples per training step (Keras' {@code batch_size}, 32 unless set). */
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

    /** Data to validate on after each epoch (Keras' {@code validation_data=(x, y)}), instead of a split. */
    public Fit validationData(INDArray x, INDArray y) {
        this.validationX = x;
        this.validationY = y;
        return this;
    }

    /** Whether the examples are shuffled before each epoch (Keras' {@code shuffle}, on unless set). */
    public Fit shuffle(boolean shuffle) {
        this.shuffle = shuffle;
        return this;
    }

    /** Keras' {@code verbose}: 0 shows nothing, 1 a live progress bar (the default), 2 one line per epoch. */
    public Fit verbose(int verbose) {
        if (verbose < 0 || verbose > 2) {
            throw new ModelError("verbose is 0 (silent), 1 (progress bar) or 2 (one line per epoch), not " + verbose);
        }
        this.verbose = verbose;
        return this;
    }

    /** {@code verbose(true)} is {@code verbose(1)}, {@code verbose(false)} is {@code verbose(0)}. */
    public Fit verbose(boolean verbose) {
        return verbose(verbose ? 1 : 0);
    }

    /**
     * Keras' {@code EarlyStopping(monitor="val_loss", patience=n)}: stops once the validation loss (the training loss
     * without validation data) has not improved for {@code patience} epochs in a row.
     */
    public Fit earlyStopping(int patience) {
        return callbacks(new EarlyStopping("val_loss", patience));
    }

    /** Keras' {@code callbacks=[...]}: called at the start and end of training, epochs and batches. */
    public Fit callbacks(Callback... callbacks) {
        for (Callback callback : callbacks) {
            this.callbacks.add(java.util.Objects.requireNonNull(callback, "callback"));
        }
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

    List<Callback> callbacks() {
        return Collections.unmodifiableList(callbacks);
    }
}
