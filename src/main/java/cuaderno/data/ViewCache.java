package cuaderno.data;

import org.nd4j.linalg.api.buffer.DataBuffer;

import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Map;

/**
 * The views of one set's bytes that something still holds, so that asking for a view again shares its memory
 * rather than copying the digits once more. Weakly: a view no variable holds is freed as before.
 */
final class ViewCache {

    /** Which view ({@code "pixels"}, {@code "scaled"}...) of which digits, in digits from the start of the bytes. */
    record Key(String view, int start, int size) {
    }

    private final Map<Key, WeakReference<DataBuffer>> buffers = new HashMap<>();

    /** The buffer of a view made earlier and still held somewhere, or null. */
    synchronized DataBuffer get(Key key) {
        WeakReference<DataBuffer> buffer = buffers.get(key);
        return buffer == null ? null : buffer.get();
    }

    synchronized void put(Key key, DataBuffer buffer) {
        buffers.values().removeIf(gone -> gone.get() == null);
        buffers.put(key, new WeakReference<>(buffer));
    }
}
