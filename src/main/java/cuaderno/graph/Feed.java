package cuaderno.graph;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.Map;

/** Values for placeholders, TF1's {@code feed_dict}: {@code Feed.of(x, batchX, y, batchY)}. */
public final class Feed {

    final Map<Tensor, INDArray> values = new LinkedHashMap<>();

    private Feed() {
    }

    /** Pairs of placeholder and value. */
    public static Feed of(Object... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("Feed.of takes pairs: placeholder, value, placeholder, value, ...");
        }
        Feed feed = new Feed();
        for (int i = 0; i < pairs.length; i += 2) {
            if (!(pairs[i] instanceof Tensor t) || !(pairs[i + 1] instanceof INDArray v)) {
                throw new IllegalArgumentException("Feed.of takes pairs of a placeholder (Tensor) and its value (INDArray)");
            }
            feed.values.put(t, v);
        }
        return feed;
    }
}
