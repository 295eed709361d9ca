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
