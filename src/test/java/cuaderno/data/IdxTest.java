package cuaderno.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdxTest {

    private static byte[] sampleBytes(String name) throws IOException {
        try (InputStream in = new GZIPInputStream(IdxTest.class.getResourceAsStream("/cuaderno/data/mnist-sample/" + name + ".gz"))) {
            return in.readAllBytes();
        }
    }

    @Test
    void readsRawAndGzipAlike(@TempDir Path dir) throws IOException {
        Path raw = dir.resolve("labels");
        Files.write(raw, sampleBytes(MnistFiles.TRAIN_LABELS));
        Idx.Array fromRaw = Idx.read(raw);
        Idx.Array fromGzip = Idx.read(IdxTest.class.getResourceAsStream("/cuaderno/data/mnist-sample/train-labels-idx1-ubyte.gz"), "gz");
        assertArrayEquals(new int[]{1000}, fromRaw.shape());
        assertArrayEquals(fromRaw.data(), fromGzip.data());
    }

    @Test
    void refusesATruncatedFileNamingIt(@TempDir Path dir) throws IOException {
        byte[] bytes = sampleBytes(MnistFiles.TEST_IMAGES);
        Path cut = dir.resolve("t10k-images-idx3-ubyte");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        DataError error = assertThrows(DataError.class, () -> Idx.read(cut));
        assertTrue(error.getMessage().contains(cut.toString()), error.getMessage());
        assertTrue(error.getMessage().contains("truncated"), error.getMessage());
    }

    @Test
    void refusesSomethingThatIsNoIdxFile(@TempDir Path dir) throws IOException {
        Path html = dir.resolve("train-images-idx3-ubyte");
        Files.writeString(html, "<html>404 Not Found</html>");
        DataError error = assertThrows(DataError.class, () -> Idx.read(html));
        assertTrue(error.getMessage().contains("not an IDX file"), error.getMessage());
    }

    @Test
    void checksumRefusesAChangedFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("t10k-labels-idx1-ubyte");
        byte[] bytes = sampleBytes(MnistFiles.TEST_LABELS);
        Files.write(file, bytes);
        String good = MnistFiles.sha256(file);
        MnistFiles.verify(file, good);
        bytes[100] ^= 1;
        Files.write(file, bytes);
        DataError error = assertThrows(DataError.class, () -> MnistFiles.verify(file, good));
        assertTrue(error.getMessage().contains(file.toString()) && error.getMessage().contains("data fetch mnist"),
                error.getMessage());
        assertEquals(64, good.length());
    }
}
