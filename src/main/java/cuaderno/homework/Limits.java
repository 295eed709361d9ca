package cuaderno.homework;

import java.util.Locale;

/**
 * What one notebook run may use: time per cell and for the whole notebook, memory (half Java heap, half native
 * ND4J memory) and disk (its private writable area).
 */
public record Limits(int cellSeconds, int notebookSeconds, long memoryBytes, long diskBytes) {

    private static final long MB = 1024L * 1024;

    public static Limits defaults() {
        return new Limits(120, 1800, 2048 * MB, 128 * MB);
    }

    public Limits {
        if (cellSeconds < 1 || notebookSeconds < 1) {
            throw new HomeworkError("time limits are whole seconds, at least 1");
        }
        if (memoryBytes < 256 * MB) {
            throw new HomeworkError("--memory must be at least 256m (the kernel alone needs about that)");
        }
        if (diskBytes < 8 * MB) {
            throw new HomeworkError("--disk must be at least 8m");
        }
    }

    public Limits withCellSeconds(int seconds) {
        return new Limits(seconds, notebookSeconds, memoryBytes, diskBytes);
    }

    public Limits withNotebookSeconds(int seconds) {
        return new Limits(cellSeconds, seconds, memoryBytes, diskBytes);
    }

    public Limits withMemory(long bytes) {
        return new Limits(cellSeconds, notebookSeconds, bytes, diskBytes);
    }

    public Limits withDisk(long bytes) {
        return new Limits(cellSeconds, notebookSeconds, memoryBytes, bytes);
    }

    /** Half the memory for the heap, half for ND4J's native arrays (JavaCPP refuses allocations beyond it). */
    String jvmOptions() {
        long half = memoryBytes / 2 / MB;
        return "-Xmx" + half + "m -Dorg.bytedeco.javacpp.maxBytes=" + half * MB;
    }

    /**
     * Address space per process: the last line of defence against native memory that neither limit above sees.
     * Generous, because a JVM reserves far more address space than it uses (about 3 GB for a 1 GB heap with ND4J).
     */
    long addressSpaceBytes() {
        return 2 * memoryBytes + 6 * 1024 * MB;
    }

    /** "2g", "512m", "1.5g" or a number of bytes. */
    public static long parseSize(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (s.endsWith("g") || s.endsWith("gb")) {
            unit = 1024 * MB;
        } else if (s.endsWith("m") || s.endsWith("mb")) {
            unit = MB;
        } else if (s.endsWith("k") || s.endsWith("kb")) {
            unit = 1024;
        }
        String number = s.replaceAll("[a-z]+$", "");
        try {
            return (long) (Double.parseDouble(number) * unit);
        } catch (NumberFormatException e) {
            throw new HomeworkError("not a size: '" + text + "' (write 2g, 512m...)");
        }
    }

    public static String describeSize(long bytes) {
        if (bytes % (1024 * MB) == 0) {
            return bytes / (1024 * MB) + " GB";
        }
        return bytes / MB + " MB";
    }
}
