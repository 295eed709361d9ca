package cuaderno.nn.engine;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.nio.FloatBuffer;

/** Copies between ND4J arrays and the engine's own buffers, and the float functions of the engine's loops. */
public final class Floats {

    /** Elements per chunk when copying: big models never need a heap array as large as their weights. */
    private static final int CHUNK = 1 << 20;

    private Floats() {
    }

    /** Copies a vector ([n] or [1, n]) into {@code target} through ND4J's public API, a chunk at a time. */
    static void copyIn(INDArray vector, FloatBuffer target) {
        INDArray row = asRow(vector);
        long n = row.length();
        for (long from = 0; from < n; from += CHUNK) {
            long to = Math.min(n, from + CHUNK);
            target.put((int) from, row.get(NDArrayIndex.point(0), NDArrayIndex.interval(from, to)).toFloatVector());
        }
    }

    /** Copies {@code source} into a vector ([n] or [1, n]) through ND4J's public API, a chunk at a time. */
    static void copyOut(FloatBuffer source, INDArray vector) {
        INDArray row = asRow(vector);
        long n = row.length();
        float[] chunk = new float[(int) Math.min(n, CHUNK)];
        for (long from = 0; from < n; from += CHUNK) {
            int length = (int) (Math.min(n, from + CHUNK) - from);
            float[] part = length == chunk.length ? chunk : new float[length];
            source.get((int) from, part);
            row.get(NDArrayIndex.point(0), NDArrayIndex.interval(from, from + length)).assign(Nd4j.createFromArray(part));
        }
    }

    /** A [1, n] view of a vector (never a copy: writes through it must reach the vector). */
    private static INDArray asRow(INDArray vector) {
        if (vector.rank() == 2 && vector.rows() == 1) {
            return vector;
        }
        if (vector.rank() == 1) {
            return vector.reshape(1, vector.length()); // a vector's reshape to a row is a view
        }
        throw new IllegalArgumentException("a vector was expected, not an array of shape " + java.util.Arrays.toString(vector.shape()));
    }

    static FloatBuffer slice(FloatBuffer buffer, int offset, int length) {
        return buffer.duplicate().position(offset).limit(offset + length).slice();
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
