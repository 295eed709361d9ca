package cuaderno.eval;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The kernel process's memory as the operating system sees it: resident size, and handing freed native memory
 * back. Linux only; elsewhere the resident size is unknown (-1) and trimming does nothing.
 */
public final class ProcessMemory {

    private static final Path STATUS = Path.of("/proc/self/status");

    private static volatile Boolean canTrim;

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
     * The most memory this process may hold: the machine's memory, or less where a control group limits it (a
     * JupyterHub spawner's per-student limit, a container's), or {@code -Dcuaderno.memoryLimit=2g} where the JVM
     * cannot see the limit (cgroup v1 hosts). -1 if unknown.
     */
    public static long limit() {
        long limit = configuredLimit();
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            limit = smaller(limit, os.getTotalMemorySize()); // a container's limit where the JVM sees one
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
                if (line.startsWith("0::")) { // cgroup v2: this group's limit, and its parents'
                    for (Path group = Path.of("/sys/fs/cgroup", line.substring(3)); group != null
                            && group.startsWith("/sys/fs/cgroup"); group = group.getParent()) {
                        limit = smaller(limit, cgroupLimit(group.resolve("memory.max")));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // no cgroup v2 here
        }
        return limit;
    }

    private static long configuredLimit() {
        String value = System.getProperty("cuaderno.memoryLimit", "").strip().toLowerCase(java.util.Locale.ROOT);
        if (value.isEmpty()) {
            return -1;
        }
        long unit = value.endsWith("g") ? 1L << 30 : value.endsWith("m") ? 1L << 20 : value.endsWith("k") ? 1L << 10 : 1;
        try {
            return Long.parseLong(unit == 1 ? value : value.substring(0, value.length() - 1)) * unit;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long cgroupLimit(Path file) {
        try {
            String value = Files.readString(file).strip();
            return value.equals("max") ? -1 : Long.parseLong(value);
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private static long smaller(long a, long b) {
        return a < 0 ? b : b < 0 ? a : Math.min(a, b);
    }

    /**
     * Hands memory that native code has freed back to the system (glibc's malloc_trim, through the JVM's
     * {@code System.trim_native_heap} diagnostic command, JDK 17.0.9 and later). glibc otherwise keeps freed
     * memory in its arenas, so a process that once held a lot stays that big.
     *
     * @return false where this JVM cannot trim
     */
    static boolean trimNativeHeap() {
        if (Boolean.FALSE.equals(canTrim)) {
            return false;
        }
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            server.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), "systemTrimNativeHeap",
                    new Object[]{new String[0]}, new String[]{String[].class.getName()});
            canTrim = true;
            return true;
        } catch (Exception | LinkageError notOnThisJvm) {
            canTrim = false;
            return false;
        }
    }
}
