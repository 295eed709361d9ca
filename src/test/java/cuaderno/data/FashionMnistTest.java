package cuaderno.data;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FashionMnistTest {

    @Test
    void loadsDebiansFashionMnistChecked() {
        Assumptions.assumeTrue(Files.isDirectory(FashionMnist.DEBIAN), "dataset-fashion-mnist is installed by scripts/setup");
        FashionMnist fashion = FashionMnist.load();
        assertEquals(60_000, fashion.train().size());
        assertEquals(10_000, fashion.test().size());
        // Fashion-MNIST is balanced: 6,000 training images per class; its first training image is an ankle boot (9)
        assertTrue(fashion.train().toString().endsWith("[6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000]"),
                fashion.train().toString());
        assertEquals("Ankle boot", FashionMnist.CLASS_NAMES.get(fashion.train().label(0)));
        assertEquals(255.0, fashion.train().first(100).pixels().maxNumber().doubleValue());
    }
}
