package cuaderno.eval;

import java.util.List;

/**
 * A cell that did not run to the end, described the way Jupyter shows errors: a name, a one-line value and the
 * lines of the traceback. The kernel stays as it was before the failing snippet.
 */
public final class CellError extends Exception {

    private final String name;
    private final List<String> traceback;

    public CellError(String name, String value, List<String> traceback) {
        super(value, null, false, false);
        this.name = name;
        this.traceback = List.copyOf(traceback);
    }

    /** An error whose traceback is its name in bold red, then the message, wrapped at word boundaries. */
    public static CellError of(String name, String message) {
        return new CellError(name, message, TextWrap.wrap(List.of("\u001b[1;31m" + name + "\u001b[0m: " + message)));
    }

    /** Short name of the error, for example {@code CompileError} or {@code ArithmeticException}. */
    public String name() {
        return name;
    }

    /** One line that says what went wrong. */
    public String value() {
        return getMessage();
    }

    /** The lines a frontend shows; ANSI colours allowed, no newlines inside a line. */
    public List<String> traceback() {
        return traceback;
    }

    /** Plain text of the whole error, colours stripped: handy in logs and tests. */
    public String plainText() {
        return String.join("\n", traceback).replaceAll("\u001b\\[[;\\d]*m", "");
    }
}
