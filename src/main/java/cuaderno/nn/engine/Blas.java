package cuaderno.nn.engine;

import org.bytedeco.openblas.global.openblas_nolapack;

import java.nio.FloatBuffer;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;

/** Row-major matrix products through OpenBLAS (the library ND4J already loads), on the engine's own buffers. */
final class Blas {

    private Blas() {
    }

    /** c = alpha · op(a) · op(b) (+ c when {@code accumulate}); a is m × k after op, b k × n after op, c m × n. */
    static void gemm(boolean transposeA, boolean transposeB, int m, int n, int k, float alpha,
                     FloatBuffer a, int lda, FloatBuffer b, int ldb, boolean accumulate, FloatBuffer c, int ldc) {
        openblas_nolapack.cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans,
                transposeB ? CblasTrans : CblasNoTrans, m, n, k, alpha, a, lda, b, ldb, accumulate ? 1f : 0f, c, ldc);
    }
}
