package cuaderno.homework;

/** Something the teacher or student can fix, said in one line: a missing notebook, a malformed marker, no sandbox. */
public final class HomeworkError extends RuntimeException {

    public HomeworkError(String message) {
        super(message);
    }

    public HomeworkError(String message, Throwable cause) {
        super(message, cause);
    }
}
