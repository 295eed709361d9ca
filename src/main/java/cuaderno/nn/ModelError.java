package cuaderno.nn;

/** A model used the wrong way; thrown before any training, saying what to change. */
public final class ModelError extends IllegalArgumentException {
    public ModelError(String message) {
        super(message);
    }
}
