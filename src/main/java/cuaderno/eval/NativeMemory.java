package cuaderno.eval;

import org.bytedeco.javacpp.Pointer;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Bounds the memory ND4J arrays and DL4J networks take outside the Java heap. Unbounded, a request larger than the
 * machine ({@code Nd4j.create(200_000, 200_000)}, an LSTM of 50,000 units) is a SIGSEGV in native code and a dead
 * kernel; bounded, it is an OutOfMemoryError in the cell that says what was asked for and what is allowed.
 *
 * <p>The limit is JavaCPP's {@code maxBytes} ({@code Pointer.maxBytes()}, so checks elsewhere read the same number):
 * by default the machine's memory (or its container's limit, as on a JupyterHub) less the Java heap and a margin
 * for the system. ND4J allocates through {@link BoundedBufferFactory} and {@link BoundedMemoryManager}, which call
 * {@link #reserve} first. Only requests of a megabyte or more are checked, against what the process holds outside
 * its heap: the resident size, read in about a microsecond, less the heap in use. (JavaCPP's own
 * {@code maxPhysicalBytes} check reads the resident size on every allocation, however small; it stays off.)
 */
public final class NativeMemory {

    static final String MAX_BYTES = "org.bytedeco.javacpp.maxBytes";
    /** Smaller requests are not checked: alone they cannot hurt, and DL4J makes many of them per training step. */
    static final long CHECK_FROM = 1L << 20;
    private static final long GB = 1L << 30;
    private static final long MIN_LIMIT = 256L << 20;
    private static final int RECLAIM_TRIES = 3;

    private NativeMemory() {
    }

    /**
     * Sets the limit and ND4J's allocators, unless the JVM options set them already. Must run before ND4J or
     * JavaCPP load: JavaCPP reads its limits once.
     */
    public static void install() {
        setDefault("org.bytedeco.javacpp.maxPhysicalBytes", "0");
        setDefault(MAX_BYTES, Long.toString(defaultLimit(machineMemory(), Runtime.getRuntime().maxMemory())));
        // ND4J reads these properties (over its backend's defaults) when it first loads
        setDefault("databufferfactory", "cuaderno.eval.BoundedBufferFactory");
        setDefault("memorymanager", "cuaderno.eval.BoundedMemoryManager");
    }

    private static void setDefault(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    /** The machine's memory, less the heap, less a tenth (at most 1 GB) for the system; never under 256 MB. */
    static long defaultLimit(long machine, long heap) {
        return Math.max(MIN_LIMIT, machine - heap - Math.min(GB, machine / 10));
    }

    /** Checks a request for {@code elements} values of {@code type} (an ND4J type name, for the message). */
    static void reserve(long elements, int width, String type) {
        long bytes = elements > Long.MAX_VALUE / width ? Long.MAX_VALUE : elements * width;
        if (bytes >= CHECK_FROM && !available(bytes)) {
            refuse(caller(new Throwable().getStackTrace()), String.format(Locale.ENGLISH, "an array of %,d %s values",
                    elements, type.toLowerCase(Locale.ROOT)), bytes);
        }
    }

    /** Checks a request for {@code bytes} of native memory (a DL4J workspace). */
    static void reserve(long bytes) {
        if (bytes >= CHECK_FROM && !available(bytes)) {
            refuse(caller(new Throwable().getStackTrace()), "a DL4J workspace", bytes);
        }
    }

    /**
     * Checks, before anything allocates them, that {@code bytes} more fit within the limit: for memory known in
     * advance, such as a model's weights before DL4J builds its network. {@code who} and {@code what} say in the
     * student's terms who needs the memory and for what ("Training this model", "10,006,300,010 weights, ...").
     */
    public static void require(long bytes, String who, String what) {
        if (!available(bytes)) {
            refuse(who, what, bytes);
        }
    }

    private static boolean available(long bytes) {
        long limit = Pointer.maxBytes();
        if (limit <= 0 || (bytes <= limit && fits(bytes, limit))) {
            return true;
        }
        for (int i = 0; i < RECLAIM_TRIES && bytes <= limit && !Thread.currentThread().isInterrupted(); i++) {
            reclaim(); // arrays nobody refers to any more hold memory until a collection finds them
            if (fits(bytes, limit)) {
                return true;
            }
        }
        return false;
    }

    private static void refuse(String who, String what, long bytes) {
        throw new LimitError(describe(who, what, bytes, Pointer.maxBytes(), inUse(), machineMemory(),
                Runtime.getRuntime().maxMemory()));
    }

    private static boolean fits(long bytes, long limit) {
        return inUse() + bytes <= limit;
    }

    /**
     * What the process holds outside its heap (libraries, JIT code and threads included): the resident size less
     * the heap in use, so free heap pages that are resident count as native, erring on the safe side; or, where
     * more, what JavaCPP has allocated (the training engine's buffers, which are not resident until written).
     */
    static long inUse() {
        Runtime runtime = Runtime.getRuntime();
        long resident;
        try {
            resident = Pointer.physicalBytes() - (runtime.totalMemory() - runtime.freeMemory());
        } catch (UnsatisfiedLinkError notLoadedYet) {
            resident = 0;
        }
        return Math.max(Pointer.totalBytes(), Math.max(0, resident));
    }

    /** Collects the heap, lets ND4J free what the collection found, and hands freed memory back to the system. */
    static void reclaim() {
        System.gc();
        try {
            Thread.sleep(100); // ND4J's deallocator threads free the arrays the collection found
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        MallocTrim.run();
    }

    /**
     * JavaCPP's {@code malloc_trim} (private; JavaCPP calls it for the same reason): hands memory freed by the C
     * allocator back to the system, so that the resident size shows what is really in use.
     */
    private static final class MallocTrim {
        private static final Method TRIM = find();

        private static Method find() {
            try {
                Method trim = Pointer.class.getDeclaredMethod("trimMemory");
                trim.setAccessible(true);
                return trim;
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }

        static void run() {
            try {
                if (TRIM != null) {
                    TRIM.invoke(null);
                }
            } catch (ReflectiveOperationException | LinkageError ignored) {
                // not there in this JavaCPP: the next check just sees more memory in use
            }
        }
    }

    /** The error message, in a student's terms: who asked for what, what the kernel may use, what to do. */
    static String describe(String caller, String what, long bytes, long limit, long inUse, long machine, long heap) {
        StringBuilder text = new StringBuilder()
                .append(caller).append(" asked for ").append(size(bytes)).append(" of native memory (").append(what)
                .append("), but the kernel may use ").append(size(limit)).append(" outside the Java heap");
        if (bytes > limit) {
            text.append(". Your variables are kept. ");
        } else {
            text.append(", and ").append(size(inUse)).append(" of that is in use. Your variables are kept: set big "
                    + "arrays you no longer need to null (x = null;) to free their memory. ");
        }
        if (bytes + heap > machine) {
            text.append("This machine has ").append(size(machine))
                    .append(" in all: use smaller arrays, layers with fewer units or smaller batches.");
        } else if (inUse + bytes + heap <= machine) {
            long wanted = (inUse + bytes + GB - 1) / GB;
            text.append("To let the kernel use more, restart it with CUADERNO_JVM_OPTS=-D").append(MAX_BYTES)
                    .append('=').append(wanted).append("g (this machine has ").append(size(machine))
                    .append(" in all, and the Java heap may take ").append(size(heap))
                    .append(" of it; a smaller heap, -Xmx2g, leaves more for arrays).");
        }
        return text.toString();
    }

    static String size(long bytes) {
        return bytes >= GB
                ? String.format(Locale.ROOT, "%.1f GB", bytes / (double) GB)
                : String.format(Locale.ROOT, "%d MB", bytes >> 20);
    }

    /**
     * Who asked, for the message: the first caller outside ND4J (MultiLayerNetwork.init, Digits.pixels), or, when
     * that is a cell, the ND4J method the cell called (Nd4j.create).
     */
    static String caller(StackTraceElement[] frames) {
        StackTraceElement api = null;
        for (StackTraceElement frame : frames) {
            String name = frame.getClassName();
            if (name.startsWith("org.nd4j.")) {
                api = frame;
            } else if (name.startsWith("REPL.")) {
                break;
            } else if (!name.startsWith("cuaderno.eval.") && !name.startsWith("java.") && !name.startsWith("jdk.")
                    && !name.startsWith("org.bytedeco.")) {
                return simpleName(frame);
            }
        }
        return api != null ? simpleName(api) : "ND4J";
    }

    private static String simpleName(StackTraceElement frame) {
        String name = frame.getClassName();
        String simple = name.substring(name.lastIndexOf('.') + 1).replace('$', '.');
        return frame.getMethodName().equals("<init>") ? "new " + simple : simple + "." + frame.getMethodName();
    }

    /** True for the messages of out-of-memory errors that ND4J and JavaCPP raise for native memory. */
    static boolean isNative(String message) {
        return message != null && (message.startsWith("Failed to allocate") || message.startsWith("Physical memory usage"));
    }

    /**
     * The memory this process may have: the machine's, or its control group's limit where lower. Plain loops and
     * string tests: this runs as the kernel starts, before lambdas or regular expressions have warmed up.
     */
    static long machineMemory() {
        long total = memTotal(read(Path.of("/proc/meminfo")));
        return Math.min(total, cgroupLimit(Path.of("/sys/fs/cgroup"), List.of(read(Path.of("/proc/self/cgroup")).split("\n"))));
    }

    /** The file's text, or "" when it cannot be read (not Linux, no cgroup file). */
    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** MemTotal from /proc/meminfo, in bytes; Long.MAX_VALUE when it is not there. */
    static long memTotal(String meminfo) {
        for (String line : meminfo.split("\n")) {
            if (line.startsWith("MemTotal:")) {
                return number(line.substring("MemTotal:".length()).replace("kB", "").strip()) * 1024;
            }
        }
        return Long.MAX_VALUE;
    }

    /**
     * The lowest memory limit on this process's control group and its parents, for cgroup v2 ({@code memory.max})
     * and v1 ({@code memory.limit_in_bytes}); Long.MAX_VALUE when there is none. A group path that does not exist
     * under {@code root} (a container with its own cgroup namespace) means the mounted root is the group.
     */
    static long cgroupLimit(Path root, List<String> procSelfCgroup) {
        long limit = Long.MAX_VALUE;
        for (String line : procSelfCgroup) {
            String[] parts = line.split(":", 3);
            if (parts.length < 3) {
                continue;
            }
            if (parts[0].equals("0") && parts[1].isEmpty()) {
                Path base = Files.exists(root.resolve("cgroup.controllers")) ? root : root.resolve("unified");
                limit = Math.min(limit, lowestOnPath(base, parts[2], "memory.max"));
            } else if (List.of(parts[1].split(",")).contains("memory")) {
                limit = Math.min(limit, lowestOnPath(root.resolve("memory"), parts[2], "memory.limit_in_bytes"));
            }
        }
        return limit;
    }

    private static long lowestOnPath(Path base, String group, String file) {
        Path dir = base.resolve(group.startsWith("/") ? group.substring(1) : group);
        if (!Files.isDirectory(dir)) {
            dir = base;
        }
        long lowest = Long.MAX_VALUE;
        for (Path d = dir; d != null && d.startsWith(base); d = d.getParent()) {
            // "max" in v2 and a number near 2^63 in v1 mean no limit
            lowest = Math.min(lowest, number(read(d.resolve(file)).strip()));
        }
        return lowest;
    }

    /** A decimal number, or Long.MAX_VALUE for anything else ("max", nothing). */
    private static long number(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * The error a cell gets for a request over the limit. An OutOfMemoryError, as Java's own, so that code which
     * catches those catches this too.
     */
    public static final class LimitError extends OutOfMemoryError {
        LimitError(String message) {
            super(message);
        }
    }
}
