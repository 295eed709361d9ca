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
 * current batch (its loop checks the interrupt after every batch). A run still busy {@value #GRACE_MILLIS} ms later
 * (a library call that ignores interrupts: an {@code evaluate} of a big model, one batch of a huge one) is stopped
 * with {@code Thread.stop} where the JDK still has it (up to 19), as the kernel stops such code on ■; its model is
 * thrown away with the run. The user's stop is not ours: it ends the experiment.
 */
final class RunWatch implements AutoCloseable {

    private static final long TICK_MILLIS = 200;
    private static final long GRACE_MILLIS = 2000;

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
    private long stopNanos;
    /** Thread.stop was sent to the run; false again for the next run. */
    private boolean forced;
    /** False once Thread.stop turned out not to exist (JDK 20+): runs are then waited for. */
    private boolean canForce = true;

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
            forced = false;
        }
        Object value = null;
        Throwable thrown = null;
        Finish finish = null;
        try {
            try {
                value = trial.run(config);
            } catch (Throwable t) { // everything a run can end with is recorded, except the kernel's own stop (below)
                thrown = t;
            }
            finish = finish();
            if (finish.forced() && !causedBy(thrown, ThreadDeath.class)) {
                awaitForcedStop(); // sent just as the run returned: it arrives here, not in the experiment's code
            }
        } catch (ThreadDeath late) {
            thrown = thrown == null ? late : thrown;
            if (finish == null) {
                finish = finish();
            }
        }
        double seconds = finish.seconds();
        double memoryMb = finish.memoryMb();
        Outcome.Stop budgetStop = finish.stop();
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
        } else if (budgetStop == null && memoryMb > memoryBudgetMb) {
            budgetStop = memoryStop(memoryMb); // likewise: the last reading, as the run ended, was over
        }
        return new Ended(Outcome.of(config, value, thrown, seconds, memoryMb, budgetStop), null);
    }

    /** The run's figures, read as it ends; after this no budget acts on the thread. */
    private record Finish(double seconds, double memoryMb, Outcome.Stop stop, boolean forced) {
    }

    private Finish finish() {
        synchronized (lock) {
            running = null;
            return new Finish(Math.round((System.nanoTime() - startNanos) / 1e6) / 1e3, // to the ms, as saved
                    Math.rint(Math.max(peakMb, residentMb())), stop, forced);
        }
    }

    /** Gives a ThreadDeath already sent to this thread the chance to arrive (at a blocking call's return). */
    private static void awaitForcedStop() {
        Thread.interrupted(); // else parking returns at once
        long end = System.nanoTime() + 500_000_000L;
        while (System.nanoTime() < end) {
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
        }
    }

    private static boolean causedBy(Throwable thrown, Class<? extends Throwable> type) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
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
                stop = memoryStop(memory);
            } else {
                if (stop != null && !forced && canForce && System.nanoTime() - stopNanos > GRACE_MILLIS * 1_000_000L) {
                    forceStop(running);
                }
                return new Progress(seconds, peakMb, stop);
            }
            stopNanos = System.nanoTime();
            CellGuard.limit(running, new BudgetStop(stop.reason()));
            return new Progress(seconds, peakMb, stop);
        }
    }

    /** Called with the lock held, while {@code thread} is still in the run: the ThreadDeath lands in the run. */
    @SuppressWarnings({"deprecation", "removal"})
    private void forceStop(Thread thread) {
        try {
            thread.stop();
            forced = true;
        } catch (UnsupportedOperationException notOnThisJdk) {
            canForce = false; // JDK 20+: the run ends when its library call returns
        }
    }

    private Outcome.Stop memoryStop(double usedMb) {
        return new Outcome.Stop(Status.MEMORY, String.format(Locale.ROOT,
                "over the memory budget of %,.0f MB (the kernel used %,.0f MB)", memoryBudgetMb, usedMb));
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
