package cuaderno.eval;

import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryPolicyTest {

    private static final long MB = 1024 * 1024;

    @Test
    void collectsOnlyOnceMemoryGrewPastTheAllowanceSinceTheLastCollection() {
        AtomicLong resident = new AtomicLong(400 * MB);
        AtomicInteger collections = new AtomicInteger();
        // a collection brings memory down to 420 MB, whatever it was
        MemoryPolicy policy = MemoryPolicy.start(resident::get, () -> {
            collections.incrementAndGet();
            resident.set(420 * MB);
        }, 32 * MB, 3_600_000);
        try {
            resident.set(430 * MB);
            policy.check();
            assertEquals(0, collections.get(), "30 MB more: within the allowance");
            resident.set(440 * MB);
            policy.check();
            assertEquals(1, collections.get(), "40 MB more than at start: collected");
            resident.set(450 * MB);
            policy.check();
            assertEquals(1, collections.get(), "measured from the 420 MB the collection left");
            resident.set(300 * MB);
            policy.check();
            resident.set(340 * MB);
            policy.check();
            assertEquals(2, collections.get(), "memory that went down by itself lowers the mark");
        } finally {
            policy.close();
        }
    }

    @Test
    void memoryTheKernelSettlesOnIsTheNewMarkNotAReasonToCollect() {
        AtomicLong resident = new AtomicLong(100 * MB);
        AtomicInteger collections = new AtomicInteger();
        MemoryPolicy policy = MemoryPolicy.start(resident::get, collections::incrementAndGet, 32 * MB, 3_600_000);
        try {
            resident.set(180 * MB); // the kernel's start-up: javac's classes and compiled code
            policy.settle();
            resident.set(200 * MB);
            policy.check();
            assertEquals(0, collections.get(), "20 MB more than where the kernel settled");
            resident.set(220 * MB);
            policy.check();
            assertEquals(1, collections.get(), "40 MB more than where the kernel settled");
        } finally {
            policy.close();
        }
    }

    @Test
    void collectsWhenACellEndsNeverWhileOneRuns() throws InterruptedException {
        AtomicLong resident = new AtomicLong(100 * MB);
        AtomicInteger collections = new AtomicInteger();
        MemoryPolicy policy = MemoryPolicy.start(resident::get, () -> {
            collections.incrementAndGet();
            resident.set(100 * MB);
        }, 32 * MB, 1500);
        try {
            policy.cellStarts();
            resident.set(900 * MB);
            policy.check();
            Thread.sleep(2500);
            assertEquals(0, collections.get(), "a running cell: neither the check nor the idle tidy-up collects");
            policy.cellEnded();
            waitFor(() -> collections.get() == 1);
        } finally {
            policy.close();
        }
    }

    @Test
    void anIdleKernelIsTidiedOnceUntilACellRunsAgain() throws InterruptedException {
        AtomicInteger collections = new AtomicInteger();
        MemoryPolicy policy = MemoryPolicy.start(() -> 100 * MB, collections::incrementAndGet, 32 * MB, 1500);
        try {
            waitFor(() -> collections.get() == 1);
            Thread.sleep(3000);
            assertEquals(1, collections.get(), "once");
            policy.cellStarts();
            policy.cellEnded();
            waitFor(() -> collections.get() == 2);
            policy.kernelWorked(); // JShell's indexing done: what it left is tidied too
            waitFor(() -> collections.get() == 3);
        } finally {
            policy.close();
        }
    }

    @Test
    void theProcessMemoryAndItsLimitAreRead() {
        long resident = ProcessMemory.resident();
        assertTrue(resident > 10 * MB && resident < ProcessMemory.limit(), "resident " + resident);
        System.setProperty("cuaderno.memoryLimit", "500m");
        try {
            assertEquals(500 * MB, ProcessMemory.limit());
        } finally {
            System.clearProperty("cuaderno.memoryLimit");
        }
    }

    /** JShell replaces a re-declared variable's snippet; its old value must not stay reachable. */
    @Test
    void redeclaredVariablesLetTheirOldValuesGo() throws CellError {
        try (Evaluator evaluator = new Evaluator(List.of())) {
            evaluator.eval("byte[] big = new byte[20_000_000];", "In [1]");
            WeakReference<Object> replaced = new WeakReference<>(evaluator.variables().get("big"));
            evaluator.eval("byte[] big = new byte[10];", "In [2]");
            WeakReference<Object> overwritten = new WeakReference<>(evaluator.variables().get("big"));
            evaluator.eval("String big = \"now a string\";", "In [3]");
            evaluator.eval("var model = new java.util.ArrayList<int[]>(java.util.List.of(new int[5_000_000]));", "In [4]");
            WeakReference<Object> model = new WeakReference<>(evaluator.variables().get("model"));
            evaluator.eval("var model = new java.util.ArrayList<int[]>();", "In [5]");
            for (int i = 0; i < 5 && (replaced.get() != null || overwritten.get() != null || model.get() != null); i++) {
                System.gc();
            }
            // assertTrue, not assertNull: JUnit would print a 20 MB array, and surefire run out of heap sending it
            assertTrue(replaced.get() == null, "the value of a variable declared again with the same type");
            assertTrue(overwritten.get() == null, "the value of a variable declared again with another type");
            assertTrue(model.get() == null, "the value of a var declared again");
            assertEquals("now a string", evaluator.variables().get("big"));
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 100 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertTrue(condition.getAsBoolean());
    }
}
