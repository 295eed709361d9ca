package cuaderno.eval;

import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Keeps the kernel's resident memory close to what the session's variables hold, cell after cell.
 * <p>
 * ND4J keeps an array's numbers in native memory and frees them only once Java's garbage collector has collected
 * the array. Arrays still in use when a young collection runs (every training step has some) move to the old
 * generation, which only a full collection clears, and a roomy heap seldom needs one: re-running a training cell
 * 120 times grew a kernel from 440 to 1,320 MB. And glibc keeps memory that native code frees in its arenas rather
 * than handing it back. So this watches the process's resident size: once it has grown by more than an allowance
 * since the last collection ({@value #AFTER_CELL_MB} MB when a cell ends, {@value #RUNNING_MB} MB while one runs,
 * checked every second), it collects the heap, waits for ND4J's deallocator threads, and trims the native heap
 * ({@link NativeMemory#reclaim}, which the native-memory limit also uses when a request would not fit).
 * A kernel left idle for {@value #IDLE_SECONDS} s (a student reading) is tidied once the same way, so that what it
 * holds is what its variables need. The work happens on a daemon thread, after the cell's reply has gone out.
 */
final class MemoryPolicy implements AutoCloseable {

    static final int AFTER_CELL_MB = 32;
    static final int RUNNING_MB = 256;
    static final int IDLE_SECONDS = 10;
    private static final long MB = 1024 * 1024;
    private static final long RUNNING_CHECK_MILLIS = 1000;

    private final LongSupplier resident;
    private final Runnable collect;
    private final BooleanSupplier cellRunning;
    private final long afterCellAllowance;
    private final long runningAllowance;
    private final long idleNanos;
    private final Thread watcher;
    private final Object signal = new Object();
    private boolean cellEnded;
    private boolean kernelWorked;
    private volatile boolean closed;
    private volatile long baseline;
    private volatile long collections;
    /** When a cell last ran (or the kernel started), and whether an idle tidy-up has happened since. */
    private long lastActive = System.nanoTime();
    private boolean tidiedSinceActive;

    private MemoryPolicy(LongSupplier resident, Runnable collect, BooleanSupplier cellRunning,
                         long afterCellAllowance, long runningAllowance, long idleMillis) {
        this.resident = resident;
        this.collect = collect;
        this.cellRunning = cellRunning;
        this.afterCellAllowance = afterCellAllowance;
        this.runningAllowance = runningAllowance;
        this.idleNanos = idleMillis * 1_000_000;
        this.baseline = resident.getAsLong();
        this.watcher = new Thread(this::watch, "memory-policy");
        watcher.setDaemon(true);
    }

    /**
     * The policy for this process: its resident size, a full collection then a native trim.
     * {@code -Dcuaderno.memoryPolicy=off} turns it off (to measure what it does).
     */
    static MemoryPolicy start(BooleanSupplier cellRunning) {
        boolean off = "off".equalsIgnoreCase(System.getProperty("cuaderno.memoryPolicy"));
        return start(off ? () -> -1 : ProcessMemory::resident, MemoryPolicy::collectAndTrim, cellRunning,
                AFTER_CELL_MB * MB, RUNNING_MB * MB, IDLE_SECONDS * 1000L);
    }

    static MemoryPolicy start(LongSupplier resident, Runnable collect, BooleanSupplier cellRunning,
                              long afterCellAllowance, long runningAllowance, long idleMillis) {
        MemoryPolicy policy = new MemoryPolicy(resident, collect, cellRunning, afterCellAllowance, runningAllowance,
                idleMillis);
        if (policy.baseline >= 0) { // resident size unknown (not Linux): nothing to go by
            policy.watcher.start();
        }
        return policy;
    }

    /** Called when a cell has finished: the check runs now, on the policy's thread. */
    void cellEnded() {
        synchronized (signal) {
            cellEnded = true;
            signal.notifyAll();
        }
    }

    /** Called when the kernel did work of its own (JShell's indexing): the idle tidy-up comes after it. */
    void kernelWorked() {
        synchronized (signal) {
            kernelWorked = true;
        }
    }

    /** Collections made so far. */
    long collections() {
        return collections;
    }

    private void watch() {
        while (!closed) {
            boolean ended;
            boolean worked;
            synchronized (signal) {
                if (!cellEnded) {
                    try {
                        signal.wait(RUNNING_CHECK_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                ended = cellEnded;
                worked = kernelWorked;
                cellEnded = false;
                kernelWorked = false;
            }
            long now = System.nanoTime();
            boolean running = cellRunning.getAsBoolean();
            if (ended || running || worked) {
                lastActive = now;
                tidiedSinceActive = false;
            }
            if (ended || running) {
                check(ended ? afterCellAllowance : runningAllowance);
            } else if (!tidiedSinceActive && now - lastActive >= idleNanos) {
                tidiedSinceActive = true;
                collectNow();
            }
        }
    }

    /** Collects if memory grew past the allowance since the last collection; follows it down when it shrinks. */
    void check(long allowance) {
        long now = resident.getAsLong();
        if (now - baseline > allowance) {
            collectNow();
        } else if (now < baseline) {
            baseline = now;
        }
    }

    /** Collects now, whatever memory did (what %memory does before it reports). */
    synchronized void collectNow() {
        collect.run();
        collections++;
        baseline = resident.getAsLong();
    }

    /** A full collection; once native libraries are in use, also ND4J's frees and a trim (NativeMemory.reclaim). */
    private static void collectAndTrim() {
        if (ClassLoader.getSystemClassLoader().getDefinedPackage("org.bytedeco.javacpp") != null) {
            NativeMemory.reclaim();
        } else {
            System.gc(); // no native arrays to free, and no reason to load JavaCPP's library to trim
        }
    }

    @Override
    public void close() {
        closed = true;
        watcher.interrupt();
    }
}
