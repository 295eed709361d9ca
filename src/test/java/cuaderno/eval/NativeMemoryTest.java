package cuaderno.eval;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NativeMemoryTest {

    private static final long MB = 1L << 20;
    private static final long GB = 1L << 30;

    @Test
    void theDefaultLimitIsTheMachineLessTheHeapAndAMargin() {
        assertEquals(24 * GB - 6 * GB - GB, NativeMemory.defaultLimit(24 * GB, 6 * GB));
        assertEquals(2048 * MB - 512 * MB - 2048 * MB / 10, NativeMemory.defaultLimit(2 * GB, 512 * MB), "a small hub container");
        assertEquals(256 * MB, NativeMemory.defaultLimit(GB, GB), "never less than 256 MB");
    }

    @Test
    void machineMemoryComesFromMeminfo() {
        assertEquals(24_683_584L * 1024, NativeMemory.memTotal("MemTotal:       24683584 kB\nMemFree:  1 kB\n"));
    }

    @Test
    void cgroupV2LimitIsTheLowestOnTheGroupsPath(@TempDir Path root) throws IOException {
        Files.writeString(root.resolve("cgroup.controllers"), "memory");
        Path slice = Files.createDirectories(root.resolve("user.slice/user-1000.slice"));
        Files.writeString(root.resolve("user.slice/memory.max"), String.valueOf(4 * GB));
        Files.writeString(slice.resolve("memory.max"), "max");
        assertEquals(4 * GB, NativeMemory.cgroupLimit(root, List.of("0::/user.slice/user-1000.slice")));
    }

    @Test
    void cgroupV1InItsOwnNamespaceReadsTheMountedGroup(@TempDir Path root) throws IOException {
        Path memory = Files.createDirectories(root.resolve("memory"));
        Files.writeString(memory.resolve("memory.limit_in_bytes"), String.valueOf(2 * GB));
        List<String> groups = List.of("5:devices:/", "4:memory:/docker/0123abc", "0::/");
        assertEquals(2 * GB, NativeMemory.cgroupLimit(root, groups), "the group's path is not visible inside");
        Files.writeString(memory.resolve("memory.limit_in_bytes"), "9223372036854771712");
        assertEquals(9223372036854771712L, NativeMemory.cgroupLimit(root, groups), "v1's 'no limit' is a huge number");
        assertEquals(Long.MAX_VALUE, NativeMemory.cgroupLimit(root, List.of()));
    }

    @Test
    void theCallerIsWhatTheCellOrTheLibraryCalled() {
        StackTraceElement factory = frame("cuaderno.eval.BoundedBufferFactory", "create");
        StackTraceElement buffer = frame("org.nd4j.linalg.factory.Nd4j", "createBuffer");
        StackTraceElement create = frame("org.nd4j.linalg.factory.Nd4j", "create");
        StackTraceElement cell = frame("REPL.$JShell$12", "do_it$");
        StackTraceElement init = frame("org.deeplearning4j.nn.multilayer.MultiLayerNetwork", "init");
        assertEquals("Nd4j.create", NativeMemory.caller(new StackTraceElement[] {factory, buffer, create, cell}));
        assertEquals("MultiLayerNetwork.init", NativeMemory.caller(new StackTraceElement[] {factory, create, init, cell}));
    }

    private static StackTraceElement frame(String className, String method) {
        return new StackTraceElement(className, method, null, -1);
    }

    @Test
    void theMessageSaysWhatWasAskedForWhatIsAllowedAndWhatToDo() {
        String tooBig = NativeMemory.describe("Nd4j.create", "an array of 40,000,000,000 float values",
                149 * GB, 17 * GB, 300 * MB, 24 * GB, 6 * GB);
        assertTrue(tooBig.startsWith("Nd4j.create asked for 149.0 GB of native memory (an array of 40,000,000,000 "
                + "float values), but the kernel may use 17.0 GB outside the Java heap. Your variables are kept."), tooBig);
        assertTrue(tooBig.endsWith("This machine has 24.0 GB in all: use smaller arrays, layers with fewer units or smaller batches."), tooBig);

        String overLimit = NativeMemory.describe("Nd4j.create", "an array", 2 * GB, GB, 300 * MB, 24 * GB, 6 * GB);
        assertTrue(overLimit.contains("restart it with CUADERNO_JVM_OPTS=-Dorg.bytedeco.javacpp.maxBytes=3g"), overLimit);

        String full = NativeMemory.describe("Nd4j.create", "an array", 4 * GB, 17 * GB, 15 * GB, 24 * GB, 6 * GB);
        assertTrue(full.contains("and 15.0 GB of that is in use"), full);
        assertTrue(full.contains("set big arrays you no longer need to null"), full);
        assertTrue(!full.contains("restart"), "no point raising a limit the machine cannot give: " + full);
    }

    @Test
    void theBufferFactoryRefusesAnArrayLargerThanTheLimitBeforeAllocating() {
        BoundedBufferFactory factory = new BoundedBufferFactory();
        OutOfMemoryError error = assertThrows(NativeMemory.LimitError.class, () -> factory.createFloat(40_000_000_000L));
        assertTrue(error.getMessage().contains("asked for 149.0 GB of native memory (an array of 40,000,000,000 float values)"),
                error.getMessage());
        assertThrows(NativeMemory.LimitError.class,
                () -> factory.create(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 1L << 40, false));
        assertEquals(10, factory.createFloat(10).length(), "small buffers are ND4J's as before");
    }
}
