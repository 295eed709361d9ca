package cuaderno.kernel;

import cuaderno.display.Escape;
import cuaderno.eval.Evaluator;
import cuaderno.eval.ProcessMemory;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A note under a cell when the kernel is running short of memory: its heap, or the process as a whole, past
 * {@value #PERCENT} % of what it may use (the heap's old generation, where data that stays lives; the machine's
 * memory, or a JupyterHub spawner's per-student limit). It names the variables that hold the most and says how to free them, before the kernel runs
 * out. Said once, then again only if memory grows by another {@value #STEP_PERCENT} points; unused memory is freed
 * before deciding (after every cell while memory stays that high), so garbage never raises it.
 */
final class MemoryNote {

    static final int PERCENT = 80;
    static final int STEP_PERCENT = 5;

    /** Memory in use and the most it may be, for the heap's old generation and for the process. */
    record Levels(long heapUsed, long heapMax, long resident, long limit) {

        int percent() {
            return Math.max(percentOf(heapUsed, heapMax), percentOf(resident, limit));
        }

        boolean heapIsTheCloser() {
            return percentOf(heapUsed, heapMax) >= percentOf(resident, limit);
        }

        private static int percentOf(long used, long max) {
            return used < 0 || max <= 0 ? 0 : (int) (100 * used / max);
        }
    }

    private final Supplier<Levels> levels;
    /** The level the last note was given at; 0 once memory is back under the threshold. */
    private int noted;

    MemoryNote() {
        this(MemoryNote::measure);
    }

    MemoryNote(Supplier<Levels> levels) {
        this.levels = levels;
    }

    /** The heap's old generation (Serial's "Tenured Gen"; G1's "Old Gen"), or null for the whole heap. */
    private static final MemoryPoolMXBean OLD_GENERATION = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP
                    && (pool.getName().contains("Old") || pool.getName().contains("Tenured")))
            .findFirst().orElse(null);

    private static Levels measure() {
        MemoryUsage old = OLD_GENERATION != null ? OLD_GENERATION.getUsage()
                : ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return new Levels(old.getUsed(), old.getMax(), ProcessMemory.resident(), ProcessMemory.limit());
    }

    /**
     * The note to show after a cell, if memory calls for one. Past the threshold, unused memory is freed first,
     * after every cell: close to the limit, a variable set to null must give its memory back at once.
     */
    Optional<DisplayData> afterCell(Evaluator evaluator) {
        if (levels.get().percent() < PERCENT) {
            noted = 0;
            return Optional.empty();
        }
        evaluator.tidyMemory(); // garbage waiting for a collection is no reason to worry anyone
        Levels now = levels.get();
        if (now.percent() < PERCENT) {
            noted = 0;
            return Optional.empty();
        }
        if (noted != 0 && now.percent() < noted + STEP_PERCENT) {
            return Optional.empty();
        }
        noted = now.percent();
        String text = text(now, MemoryReport.of(evaluator.variables()).largest(3));
        DisplayData data = new DisplayData(text);
        data.putHTML("<div style=\"border-left: 4px solid #e0a000; padding: 4px 8px; background: #fff8e0\">"
                + Escape.html(text) + "</div>");
        return Optional.of(data);
    }

    static String text(Levels levels, String largest) {
        String held = levels.heapIsTheCloser()
                ? String.format(Locale.ROOT, "its Java heap is %d %% full (%s)", levels.percent(),
                MemoryReport.megabytes(levels.heapUsed()))
                : String.format(Locale.ROOT, "it holds %s of the %s this machine allows it (%d %%)",
                MemoryReport.megabytes(levels.resident()), MemoryReport.megabytes(levels.limit()), levels.percent());
        return "Memory is running low: " + held + "."
                + (largest.isEmpty() ? "" : " The largest variables: " + largest + ".")
                + " Set those you no longer need to null (x = null;) to free them; %memory shows more.";
    }
}
