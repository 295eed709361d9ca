package cuaderno.magic;

/** A magic used the wrong way: the message says what to write instead. */
public final class MagicError extends RuntimeException {
    public MagicError(String message) {
        super(message);
    }

    public MagicError(String message, Throwable cause) {
        super(message, cause);
    }
}
