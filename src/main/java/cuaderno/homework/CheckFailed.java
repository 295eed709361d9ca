package cuaderno.homework;

/**
 * A test that did not pass. The kernel shows it as one line, {@code CheckFailed: expected 4 but got 5}, followed
 * only by the lines of the cell that made the check; it carries no stack of its own (Check's frames are not the
 * student's business).
 */
public final class CheckFailed extends AssertionError {

    CheckFailed(String message) {
        super(message);
        setStackTrace(trimmed(new Throwable().getStackTrace()));
    }

    /** The frames after Check's own: where the check was made. */
    private static StackTraceElement[] trimmed(StackTraceElement[] frames) {
        int first = 0;
        while (first < frames.length && (frames[first].getClassName().equals(CheckFailed.class.getName())
                || frames[first].getClassName().equals(Check.class.getName()))) {
            first++;
        }
        StackTraceElement[] rest = new StackTraceElement[frames.length - first];
        System.arraycopy(frames, first, rest, 0, rest.length);
        return rest;
    }
}
