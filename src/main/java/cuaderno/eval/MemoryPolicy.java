package cuaderno.eval;

import java.util.function.LongSupplier;

/**
 * Keeps the kernel's resident memory close to what the session's variables hold, cell after cell.
 * <p>
 * ND4J keeps an array's numbers in native memory and frees them only once Java's garbage collector has collected
 * the array. Arrays still in use when a young collection runs (every training step has some) move to the old
 * generation, which only a full collection clears, and a roomy heap seldom needs one: re-running a training cell
 * 120 times grew a kernel from 950 to 1,650 MB. And glibc keeps memory that native code frees in its arenas rather
 * than handing it back. So when a cell ends this compares the process's resident size with what it was after the
 * last collection: past {@value #AFTER_CELL_MB} MB more, it collects the heap, lets ND4J's deallocator threads free
 * what was found and trims the native heap ({@link NativeMemory#reclaim}, which the native-memory limit also uses
 * when a request would not fit). A kernel left idle for {@value #IDLE_SECONDS} s (a student reading) is tidied once
 * the same way, so that what it holds is what its variables need.
 * <p>
 * The work happens on a daemon thread after the cell's reply has gone out, and never while a cell runs: a cell
 * that starts waits for a collection under way to finish. Native code does not stop for a collection: an earlier
 * version that also collected during cells, every 2 s when training cells ran back to back, once ended in a SIGSEGV
 * inside libnd4j. While a cell runs, collections are the JVM's own, and the native-memory limit's.
 */
final class MemoryPolicy implements AutoCloseable {

    static final int AFTER_CELL_MB = 32;
    static final int IDLE_SECONDS = 10;
    private static final long MB = 1024 * 1024;
    private static final long TICK_MILLIS = 1000;

    private final LongSupplier resident;
    private final Runnable collect;
    private final long allowance;
    private final long idleNanos;
    private final Thread watcher;
    private final Object signal = new Object();
    private boolean cellEnded;
    private boolean kernelWorked;
    private volatile boolean closed;
    /** Guarded by this: no collection starts while true. */
    private boolean cellRunning;
    private volatile long baseline;
    private volatile long collections;
    /** When a cell last ran (or the kernel worked), and whether an idle tidy-up has happened since. */
    private long lastActive = System.nanoTime();
    private boolean tidiedSinceActive;

    private MemoryPolicy(LongSupplier resident, Runnable collect, long allowance, long idleMillis) {
        this.resident = resident;
        this.collect = collect;
        this.allowance = allowance;
        this.idleNanos = idleMillis * 1_000_000;
        this.baseline = resident.getAsLong();
        this.watcher = new Thread(this::watch, "memory-policy");
        watcher.setDaemon(true);
    }

    /**
     * The policy for this process: its resident size, a full collection then a native trim.
     * {@code -Dcuaderno.memoryPolicy=off} turns it off (to measure what it does).
     */
    static MemoryPolicy start() {
        boolean off = "off".equalsIgnoreCase(System.getProperty("cuaderno.memoryPolicy"));
        return start(off ? () -> -1 : ProcessMemory::resident, MemoryPolicy::collectAndTrim, AFTER_CELL_MB * MB,
                IDLE_SECONDS * 1000L);
    }

    static MemoryPolicy start(LongSupplier resident, Runnable collect, long allowance, long idleMillis) {
        MemoryPolicy policy = new MemoryPolicy(resident, collect, allowance, idleMillis);
        if (policy.baseline >= 0) { // resident size unknown (not Linux): nothing to go by
            policy.watcher.start();
        }
        return policy;
    }

    /** Called as a cell starts: waits for a collection under way, and holds off new ones until the cell ends. */
    synchronized void cellStarts() {
        cellRunning = true;
    }

    /** Called when a cell has finished: the check runs now, on the policy's thread. */
    void cellEnded() {
        synchronized (this) {
            cellRunning = false;
        }
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
                        signal.wait(TICK_MILLIS);
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
            if (ended || worked) {
                lastActive = now;
                tidiedSinceActive = false;
            }
            if (ended) {
                check();
            } else if (!tidiedSinceActive && now - lastActive >= idleNanos) {
                tidiedSinceActive = true;
                collectUnlessCellRuns();
            }
        }
    }

    /** Collects if memory grew past the allowance since the last collection; follows it down when it shrinks. */
    synchronized void check() {
        long now = resident.getAsLong();
        if (now - baseline > allowance) {
            collectUnlessCellRuns();
        } else if (now < baseline) {
            baseline = now;
        }
    }

    private synchronized void collectUnlessCellRuns() {
        if (!cellRunning) {
            collectNow();
        }
    }

    /**
     * Takes the resident size now as the mark, without collecting: for memory the kernel takes once and keeps (its
     * start-up: javac's classes and compiled code), which no collection would give back.
     */
    synchronized void settle() {
        baseline = resident.getAsLong();
    }

    /** Collects now, whatever memory did: between cells (what %memory does before it reports). */
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
