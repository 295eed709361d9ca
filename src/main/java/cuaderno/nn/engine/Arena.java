package cuaderno.nn.engine;

import org.bytedeco.javacpp.FloatPointer;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The native memory of one engine: allocated through JavaCPP (so it counts against the kernel's native-memory
 * limit, {@code org.bytedeco.javacpp.maxBytes}, and a request over it is an OutOfMemoryError, not a crash), zeroed,
 * and freed at once when the engine closes rather than whenever the garbage collector gets to it. The buffers it
 * hands out must not be used after {@link #close}.
 */
final class Arena implements AutoCloseable {

    private final List<FloatPointer> pointers = new ArrayList<>();

    /** {@code n} zeroed floats. */
    FloatBuffer floats(long n) {
        if (n > Integer.MAX_VALUE) {
            throw new OutOfMemoryError("one buffer of " + n + " floats: more than a Java buffer can address");
        }
        FloatPointer pointer = new FloatPointer(Math.max(1, n));
        pointers.add(pointer);
        pointer.zero();
        return pointer.asBuffer();
    }

    @Override
    public void close() {
        pointers.forEach(FloatPointer::close);
        pointers.clear();
    }
}
