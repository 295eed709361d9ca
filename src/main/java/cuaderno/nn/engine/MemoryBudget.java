package cuaderno.nn.engine;

import org.bytedeco.javacpp.Pointer;

import java.util.Locale;

/**
 * Checks a model's native memory before DL4J or the engine allocate it, against the kernel's limit (JavaCPP's
 * {@code maxBytes}, which the kernel sets): a model too large becomes an OutOfMemoryError that says what needs how
 * much and what to do, instead of an allocation failure deep inside ND4J (or, without a limit, a crash).
 */
public final class MemoryBudget {

    private static final long GB = 1L << 30;

    private MemoryBudget() {
    }

    /**
     * Throws an OutOfMemoryError when {@code bytes} more would not fit within the limit; {@code what} says in the
     * student's terms what needs them (e.g. "LSTM(50000): 10,005,800,000 weights...").
     */
    public static void require(long bytes, String what) {
        long limit = Pointer.maxBytes();
        if (limit <= 0 || bytes + inUse() <= limit) {
            return;
        }
        if (bytes <= limit) {
            System.gc(); // arrays nobody holds any more keep their memory until a collection finds them
            sleep();
            if (bytes + inUse() <= limit) {
                return;
            }
        }
        throw new OutOfMemoryError(message(what, bytes, limit, inUse()));
    }

    static String message(String what, long bytes, long limit, long inUse) {
        long wanted = (bytes + inUse + GB - 1) / GB + 1;
        return what + " needs " + size(bytes) + " of native memory, but the kernel may use " + size(limit)
                + " outside the Java heap" + (bytes > limit ? "" : " (" + size(inUse) + " of it in use)")
                + ". Your variables are kept. Use fewer units or smaller batches, or let the kernel use more: restart it"
                + " with CUADERNO_JVM_OPTS=-Dorg.bytedeco.javacpp.maxBytes=" + wanted + "g (-Xmx sets the Java heap,"
                + " which comes out of the same machine memory).";
    }

    /**
     * Native memory in use: what JavaCPP counts (the engine's buffers), or, where more, the process's resident size
     * less its Java heap in use (ND4J's arrays, which JavaCPP does not count).
     */
    static long inUse() {
        Runtime runtime = Runtime.getRuntime();
        long resident;
        try {
            resident = Pointer.physicalBytes() - (runtime.totalMemory() - runtime.freeMemory());
        } catch (UnsatisfiedLinkError notLoaded) {
            resident = 0;
        }
        return Math.max(Pointer.totalBytes(), resident);
    }

    /** A number of bytes as people read it: 10.4 GB, 512 MB. */
    public static String size(long bytes) {
        return bytes >= GB ? String.format(Locale.ROOT, "%.1f GB", bytes / (double) GB)
                : String.format(Locale.ROOT, "%d MB", Math.max(1, bytes >> 20));
    }

    private static void sleep() {
        try {
            Thread.sleep(100); // ND4J's deallocator threads free what the collection found
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
