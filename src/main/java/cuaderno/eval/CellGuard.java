package cuaderno.eval;

/**
 * Called from instrumented cell bytecode (see {@link CellBytecode}). It stops the running cell at the next loop
 * iteration when the user interrupts, and turns {@code System.exit} into an error instead of a dead kernel.
 * Public because classes compiled by JShell call it; not meant for user code.
 */
public final class CellGuard {

    /** The thread whose cell the user asked to stop, or null. Only that thread stops. */
    private static volatile Thread stopTarget;

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
