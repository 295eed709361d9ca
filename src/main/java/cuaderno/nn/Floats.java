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
        return 1 / (1 + exp(-z));
    }

    static float tanh(float z) {
        return 1 - 2 / (exp(2 * z) + 1);
    }

    /**
     * e^x to float precision (within 1.2 ulp over the normal floats, 0 below them), faster than {@code Math.exp} in the loops of an LSTM
     * step, where exponentials were a third of the time: x = n ln 2 + r with |r| <= ln 2 / 2, e^r by its Taylor
     * polynomial, 2^n put straight into the exponent bits.
     */
    static float exp(float x) {
        if (x > 88.3762626647949f) {
            return Float.POSITIVE_INFINITY;
        }
        if (x < -87.3365447505531f) {
            return x != x ? x : 0f; // NaN stays NaN
        }
        float n = (x * 1.44269504088896341f + 12582912f) - 12582912f; // round to nearest: adding 1.5 * 2^23 does it
        float r = x - n * 0.693145751953125f - n * 1.42860682030941723212e-6f; // ln 2 in two parts: r is exact
        float p = 1 / 5040f;
        p = p * r + 1 / 720f;
        p = p * r + 1 / 120f;
        p = p * r + 1 / 24f;
        p = p * r + 1 / 6f;
        p = p * r + 0.5f;
        p = p * r + 1f;
        p = p * r + 1f;
        return p * Float.intBitsToFloat(((int) n + 127) << 23); // n >= -126 here: 2^n is a normal float
    }
}
