package cuaderno.kernel;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeldMemoryTest {

    private static final long MB = 1024 * 1024;

    @Test
    void anArrayCountsItsNativeBufferAndAViewTheBufferItViews() {
        INDArray x = Nd4j.create(DataType.FLOAT, 1000, 784);
        HeldMemory held = new HeldMemory();
        assertEquals(1000 * 784 * 4, held.measure(x.get(NDArrayIndex.interval(0, 10))).nativeBytes(),
                "a view of 10 rows keeps all 1,000 alive");
        assertEquals(0, held.measure(x).nativeBytes(), "the same buffer, already counted for the view");
        assertEquals(8 * 8, new HeldMemory().measure(Nd4j.create(DataType.DOUBLE, 8)).nativeBytes());
    }

    @Test
    void javaArraysCollectionsAndObjectsCountWhatTheyReach() {
        record Holder(double[][] grid, List<int[]> rows, Map<String, byte[]> named) {
        }
        List<int[]> rows = new ArrayList<>(List.of(new int[250_000], new int[250_000]));
        Holder holder = new Holder(new double[100][1000], rows, Map.of("a", new byte[MB_INT]));
        HeldMemory.Size size = new HeldMemory().measure(holder);
        long expected = 100 * 1000 * 8 + 2 * 250_000 * 4 + MB;
        assertTrue(size.heap() >= expected && size.heap() < expected + 16 * 1024, "heap " + size.heap());
        assertEquals(0, size.nativeBytes());
    }

    private static final int MB_INT = (int) MB;

    @Test
    void cyclesEndAndNullIsNothing() {
        List<Object> a = new ArrayList<>();
        List<Object> b = new ArrayList<>(List.of(a));
        a.add(b);
        assertTrue(new HeldMemory().measure(a).heap() < 1024);
        assertEquals(0, new HeldMemory().measure(null).total());
    }

    @Test
    void typesAndSizesReadAsAStudentWroteThem() {
        assertEquals("INDArray float [2, 3]", MemoryReport.describe(Nd4j.create(DataType.FLOAT, 2, 3)));
        assertEquals("double[100][]", MemoryReport.describe(new double[100][5]));
        assertEquals("ArrayList (1 item)", MemoryReport.describe(new ArrayList<>(List.of(1))));
        assertEquals("Digits (1,000)", MemoryReport.describe(cuaderno.data.Mnist.sample().train()));
        assertEquals("179 MB", MemoryReport.megabytes(188_160_000));
        assertEquals("1.5 GB", MemoryReport.megabytes(1536 * MB));
        assertEquals("0.4 MB", MemoryReport.megabytes(407_080));
        assertEquals("3 KB", MemoryReport.megabytes(3000));
    }
}
