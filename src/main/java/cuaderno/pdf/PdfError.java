package cuaderno.pdf;

/** Why a PDF could not be made, in one line that says what to do. */
public final class PdfError extends RuntimeException {

    public PdfError(String message) {
        super(message);
    }
}
