package cuaderno.experiment;

import cuaderno.eval.CellGuard;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs one configuration at a time on the calling (cell) thread, timing it, sampling the kernel's memory, and
 * stopping it when it goes over the time or memory budget. A stop goes through {@link CellGuard#limit}: the cell
 * code the run calls throws at its next loop check, blocked calls are interrupted, and {@code fit} ends after its
 * current batch (its loop checks the interrupt after every batch). The user's stop is not ours: it is rethrown.
 */
final class RunWatch implements AutoCloseable {

    private static final long TICK_MILLIS = 200;

    private final double timeBudgetSeconds;
    private final double memoryBudgetMb;
    private final Consumer<Progress> onTick;
    private final ScheduledExecutorService ticker;
    private final Object lock = new Object();

    // the run in progress, guarded by lock
    private Thread running;
    private long startNanos;
    private double peakMb;
    private Outcome.Stop stop;

    /** What the live view shows of the run in progress. */
    record Progress(double seconds, double memoryMb, Outcome.Stop stop) {
    }

    /** Thrown into the run's cell code at its next check once a budget stopped it. */
    static final class BudgetStop extends Error {
        BudgetStop(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * @param timeBudgetSeconds NaN for none
     * @param memoryBudgetMb    NaN for none
     * @param onTick            called about once a second from the watch's own thread while a run is in progress
     */
    RunWatch(double timeBudgetSeconds, double memoryBudgetMb, Consumer<Progress> onTick) {
        this.timeBudgetSeconds = timeBudgetSeconds;
        this.memoryBudgetMb = memoryBudgetMb;
        this.onTick = onTick;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "experiment-watch");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(new Runnable() {
            private int ticks;

            @Override
            public void run() {
                Progress progress = tick();
                if (progress != null && ++ticks % (1000 / TICK_MILLIS) == 0) {
                    onTick.accept(progress);
                }
            }
        }, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * How a run ended: the run to record (null when the user stopped it: it will run again), and the kernel's stop
     * of the cell (the user's ■, or the heap guard) that must end the experiment, or null.
     */
    record Ended(Run run, Error kernelStop) {
    }

    /** Runs {@code trial} on {@code config} and says how it went. */
    Ended run(Config config, Experiment.Trial trial) {
        Thread thread = Thread.currentThread();
        if (!Double.isNaN(memoryBudgetMb)) {
            System.gc(); // the runs before may leave native arrays that only a collection frees
        }
        synchronized (lock) {
            running = thread;
            startNanos = System.nanoTime();
            peakMb = residentMb();
            stop = null;
        }
        Object value = null;
        Throwable thrown = null;
        try {
            value = trial.run(config);
        } catch (Throwable t) { // everything a run can end with is recorded, except the kernel's own stop (below)
            thrown = t;
        }
        double seconds;
        double memoryMb;
        Outcome.Stop budgetStop;
        synchronized (lock) {
            running = null;
            seconds = Math.round((System.nanoTime() - startNanos) / 1e6) / 1e3; // to the millisecond, as saved
            memoryMb = Math.rint(Math.max(peakMb, residentMb()));
            budgetStop = stop;
        }
        CellGuard.clearLimit(thread);
        if (budgetStop != null) {
            Thread.interrupted(); // our interrupt, if nothing consumed it, must not stop the next run
        }
        try {
            CellGuard.check();
        } catch (CellGuard.CellInterruptedError kernelStop) {
            // whatever the run returned, it was cut short; only a full heap makes it a DNF worth keeping
            Run outOfMemory = heapGuardTripped() ? new Run(config, Double.NaN, seconds, memoryMb, Status.OUT_OF_MEMORY,
                    "out of memory: the run filled the kernel's heap") : null;
            return new Ended(outOfMemory, kernelStop);
        }
        if (budgetStop == null && seconds > timeBudgetSeconds) {
            budgetStop = timeStop(); // over the budget without a tick noticing (a busy machine)
        }
        return new Ended(Outcome.of(config, value, thrown, seconds, memoryMb, budgetStop), null);
    }

    /**
     * True when the latest collection left the heap over the threshold the kernel's heap guard watches (it sets
     * that threshold, and stops the running cell when a collection ends above it).
     */
    static boolean heapGuardTripped() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported()
                    && pool.getCollectionUsageThreshold() > 0 && pool.isCollectionUsageThresholdExceeded()) {
                return true;
            }
        }
        return false;
    }

    /** Checks the budgets of the run in progress; returns its progress, or null when none runs. */
    private Progress tick() {
        synchronized (lock) {
            if (running == null) {
                return null;
            }
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            double memory = residentMb();
            peakMb = Math.max(peakMb, memory);
            if (stop == null && seconds > timeBudgetSeconds) {
                stop = timeStop();
            } else if (stop == null && memory > memoryBudgetMb) {
                stop = new Outcome.Stop(Status.MEMORY, String.format(Locale.ROOT,
                        "over the memory budget of %,.0f MB (the kernel used %,.0f MB)", memoryBudgetMb, memory));
            } else {
                return new Progress(seconds, peakMb, stop);
            }
            CellGuard.limit(running, new BudgetStop(stop.reason()));
            return new Progress(seconds, peakMb, stop);
        }
    }

    private Outcome.Stop timeStop() {
        return new Outcome.Stop(Status.TIME, "over the time budget of " + Outcome.seconds(timeBudgetSeconds));
    }

    /** The kernel process's resident memory in MB (heap, native arrays, everything), NaN where unknown. */
    static double residentMb() {
        try {
            return org.bytedeco.javacpp.Pointer.physicalBytes() / (1024.0 * 1024.0);
        } catch (LinkageError | RuntimeException noJavaCpp) {
            long heap = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    heap += pool.getUsage().getUsed();
                }
            }
            return heap / (1024.0 * 1024.0);
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(5, TimeUnit.SECONDS); // no display update may arrive after the cell ends
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
