package cuaderno.eval;

/**
 * Called from instrumented cell bytecode (see {@link CellBytecode}). It stops the running cell at the next loop
 * iteration when the user interrupts, and turns {@code System.exit} into an error instead of a dead kernel.
 * Public because classes compiled by JShell call it; not meant for user code.
 */
public final class CellGuard {

    /** The thread whose cell the user asked to stop, or null. Only that thread stops. */
    private static volatile Thread stopTarget;

    /** The thread that library code asked to stop with {@link #limitError} (an experiment's time budget), or null. */
    private static volatile Thread limitTarget;
    private static volatile Error limitError;

    /** Threads inside code that checks for interrupts itself (a training loop): never force-stopped. */
    private static final java.util.Set<Thread> COOPERATIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private CellGuard() {
    }

    /** Inserted at every method entry and before every backward jump of cell code. */
    public static void check() {
        Thread target = stopTarget;
        if (target != null && target == Thread.currentThread()) {
            throw new CellInterruptedError();
        }
        Thread limited = limitTarget;
        if (limited != null && limited == Thread.currentThread()) {
            throw limitError;
        }
    }

    /**
     * Stops the cell code that {@code thread} runs at its next check by throwing {@code error}, and interrupts the
     * thread, so that blocked calls and {@code fit}'s loop stop too: how library code holds cell code it calls to a
     * limit of its own (an experiment's time budget) without it looking like the user's stop. The user's stop still
     * wins. The request stays until {@link #clearLimit} withdraws it.
     */
    public static void limit(Thread thread, Error error) {
        limitError = java.util.Objects.requireNonNull(error, "error");
        limitTarget = thread;
        thread.interrupt();
    }

    /** Withdraws a {@link #limit} request for {@code thread}, if it is the one pending. */
    public static void clearLimit(Thread thread) {
        if (limitTarget == thread) {
            limitTarget = null;
        }
    }

    /** Replaces {@code System.exit(status)} in cell code. */
    public static void exit(int status) {
        throw new ExitBlockedError(status);
    }

    /** Replaces {@code Runtime.getRuntime().exit(status)} and {@code halt(status)} in cell code. */
    public static void runtimeExit(Runtime runtime, int status) {
        throw new ExitBlockedError(status);
    }

    /**
     * Marks the calling thread as stopping by itself on interrupt until the returned handle is closed, so that an
     * interrupt never falls back to Thread.stop there (which could leave, say, half-updated weights):
     * {@code try (var section = CellGuard.cooperative()) { ...loop checking Thread.interrupted()... }}
     */
    public static Section cooperative() {
        Thread thread = Thread.currentThread();
        boolean added = COOPERATIVE.add(thread);
        return () -> {
            if (added) {
                COOPERATIVE.remove(thread);
            }
        };
    }

    /** A cooperative section; closing it ends the section. */
    public interface Section extends AutoCloseable {
        @Override
        void close();
    }

    static boolean isCooperative(Thread thread) {
        return COOPERATIVE.contains(thread);
    }

    static void requestStop(Thread cellThread) {
        stopTarget = cellThread;
    }

    static void clearStop() {
        stopTarget = null;
    }

    /** Thrown into a cell the user interrupted. An Error, so that {@code catch (Exception e)} does not swallow it. */
    public static final class CellInterruptedError extends Error {
        CellInterruptedError() {
            super("the cell was interrupted; variables defined before it are kept", null, false, false);
        }
    }

    /** Thrown where cell code calls System.exit. */
    public static final class ExitBlockedError extends Error {
        private final int status;

        ExitBlockedError(int status) {
            super("System.exit(" + status + ") was called. A notebook kernel keeps running so that your variables "
                    + "are not lost; to start over, use Kernel > Restart.");
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
