package cuaderno.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/** FloatBuffers over ND4J's memory and of our own, as {@link BlasTrainer} hands them to BLAS. */
final class Floats {

    private Floats() {
    }

    /**
     * The array's own memory (from its offset on) as a FloatBuffer: BLAS reads and writes it in place. The buffer
     * does not keep the array alive: hold the array as long as the buffer is used, or ND4J frees the memory under it.
     */
    static FloatBuffer of(INDArray a) {
        FloatBuffer whole = a.data().pointer().asByteBuffer().order(ByteOrder.nativeOrder()).asFloatBuffer();
        return slice(whole, (int) a.offset(), (int) a.length());
    }

    /** The array as float, its elements laid out in row-major order one after the other (a copy only if needed). */
    static INDArray rowMajor(INDArray a) {
        INDArray floats = a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT);
        if (floats.ordering() == 'c') {
            long expected = 1;
            boolean packed = true;
            for (int d = floats.rank() - 1; d >= 0; d--) {
                packed &= floats.size(d) == 1 || floats.stride(d) == expected;
                expected *= floats.size(d);
            }
            if (packed) {
                return floats;
            }
        }
        return floats.dup('c');
    }

    /** Where the array's first element lies in memory. */
    static long address(INDArray a) {
        return a.data().address() + a.offset() * a.data().getElementSize();
    }

    static FloatBuffer slice(FloatBuffer buffer, int offset, int length) {
        return buffer.duplicate().position(offset).limit(offset + length).slice();
    }

    static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(Math.max(1, floats) * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    static float sigmoid(float z) {
        return (float) (1 / (1 + Math.exp(-z)));
    }

    /** tanh through Math.exp, which the JIT compiles to a few instructions; Math.tanh is a slow library call. */
    static float tanh(float z) {
        return (float) (1 - 2 / (Math.exp(2.0 * z) + 1));
    }
}
