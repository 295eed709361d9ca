package cuaderno.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The kernel process's memory as the operating system sees it, read without loading any native library: what
 * {@code %memory}, the memory note and the {@link MemoryPolicy} go by.
 */
public final class ProcessMemory {

    private static final Path STATUS = Path.of("/proc/self/status");
    /** The machine's or control group's limit, read once (it is read after every cell). */
    private static volatile long machine;

    private ProcessMemory() {
    }

    /** Resident set size in bytes (what {@code top} shows as RES), or -1 where /proc is not available. */
    public static long resident() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).replace("kB", "").strip()) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    /**
     * The most memory this process may hold: the machine's, or its control group's limit where lower (a JupyterHub
     * spawner's per-student limit, a container's), or {@code -Dcuaderno.memoryLimit=2g}, for a limit the kernel
     * cannot see. -1 if unknown.
     */
    public static long limit() {
        String configured = System.getProperty("cuaderno.memoryLimit", "").strip().toLowerCase(Locale.ROOT);
        if (!configured.isEmpty()) {
            long unit = configured.endsWith("g") ? 1L << 30 : configured.endsWith("m") ? 1L << 20 : 1;
            try {
                return Long.parseLong(unit == 1 ? configured : configured.substring(0, configured.length() - 1)) * unit;
            } catch (NumberFormatException e) {
                // not a size: the machine's limit then
            }
        }
        if (machine == 0) {
            long read = NativeMemory.machineMemory();
            machine = read == Long.MAX_VALUE ? -1 : read;
        }
        return machine;
    }
}
