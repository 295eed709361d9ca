package cuaderno.eval;

import javax.management.NotificationEmitter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Stops a cell that is filling the heap before the JVM runs out: once the old generation is still more than
 * {@value #LIMIT_PERCENT}% full after a collection, the running cell is stopped like an interrupt. A real
 * OutOfMemoryError can strike any thread (the kernel's sockets, a test runner); this strikes only the cell.
 */
final class HeapGuard {

    static final int LIMIT_PERCENT = 90;

    private final Runnable stopCell;
    private final java.util.function.BooleanSupplier cellRunning;
    private final java.util.List<MemoryPoolMXBean> watched = new java.util.ArrayList<>();
    private volatile boolean tripped;
    /** Threshold crossings counted before the running cell started: older notifications are not about it. */
    private volatile long crossingsBeforeCell;

    HeapGuard(Runnable stopCell, java.util.function.BooleanSupplier cellRunning) {
        this.stopCell = stopCell;
        this.cellRunning = cellRunning;
    }

    /** Starts watching; false where no heap pool reports usage after collections. */
    boolean install() {
        boolean watching = false;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            long max = pool.getUsage().getMax();
            if (pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported() && max > 0
                    && isOldGeneration(pool.getName())) {
                pool.setCollectionUsageThreshold(max / 100 * LIMIT_PERCENT);
                watched.add(pool);
                watching = true;
            }
        }
        if (watching) {
            ((NotificationEmitter) ManagementFactory.getMemoryMXBean()).addNotificationListener((notification, handback) -> {
                // notifications arrive late: act only if the latest collection still left the heap over the
                // limit, and only on a running cell
                if (MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED.equals(notification.getType())
                        && MemoryNotificationInfo.from((javax.management.openmbean.CompositeData) notification.getUserData())
                                .getCount() > crossingsBeforeCell
                        && stillOverLimit() && cellRunning.getAsBoolean()) {
                    tripped = true;
                    stopCell.run();
                }
            }, null, null);
        }
        return watching;
    }

    private boolean stillOverLimit() {
        for (MemoryPoolMXBean pool : watched) {
            java.lang.management.MemoryUsage afterGc = pool.getCollectionUsage();
            if (afterGc != null && afterGc.getUsed() >= pool.getCollectionUsageThreshold()) {
                return true;
            }
        }
        return false;
    }

    private static boolean isOldGeneration(String pool) {
        return pool.contains("Old") || pool.contains("Tenured");
    }

    /** Called as a cell starts: forgets trips and crossings that belong to earlier cells. */
    void cellStarts() {
        tripped = false;
        crossingsBeforeCell = watched.stream().mapToLong(MemoryPoolMXBean::getCollectionUsageThresholdCount).max().orElse(0);
    }

    /** True (once) if the heap limit stopped the cell since the last call. */
    boolean takeTripped() {
        boolean was = tripped;
        tripped = false;
        return was;
    }

    static String describe() {
        Runtime runtime = Runtime.getRuntime();
        long maxMb = runtime.maxMemory() / (1024 * 1024);
        return "the cell filled the kernel's heap (" + maxMb + " MB) and was stopped before the kernel ran out of "
                + "memory. Your variables are kept, and so is what they hold: set big ones to null (x = null;) to "
                + "free it. To give the kernel more, set CUADERNO_JVM_OPTS=-Xmx4g (for example) and restart it.";
    }
}
