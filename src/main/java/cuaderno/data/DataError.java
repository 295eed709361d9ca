package cuaderno.data;

/** Data that cannot be used as it is: the message names the file and says what to do. */
public final class DataError extends RuntimeException {
    public DataError(String message) {
        super(message);
    }

    public DataError(String message, Throwable cause) {
        super(message, cause);
    }
}
