package cuaderno.plot;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import tech.tablesaw.api.NumericColumn;

import java.util.Arrays;
import java.util.List;

/**
 * The one place where the kinds of numbers a lesson holds become a chart's {@code double[]}: primitive arrays,
 * lists a training loop collects, ND4J vectors and Tablesaw columns. A missing value (a {@code null} in a list, a
 * missing cell) becomes NaN, which a line skips.
 */
final class Numbers {

    private Numbers() {
    }

    static double[] of(double[] values) {
        return values.clone();
    }

    static double[] of(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    static double[] of(int[] values) {
        return Arrays.stream(values).asDoubleStream().toArray();
    }

    static double[] of(long[] values) {
        return Arrays.stream(values).asDoubleStream().toArray();
    }

    static double[] of(List<? extends Number> values) {
        return values.stream().mapToDouble(v -> v == null ? Double.NaN : v.doubleValue()).toArray();
    }

    /** A vector, a scalar, or a matrix with one row or one column. */
    static double[] of(INDArray values) {
        long[] shape = values.shape();
        boolean vector = values.rank() <= 1 || (values.rank() == 2 && (shape[0] == 1 || shape[1] == 1));
        if (!vector) {
            throw new IllegalArgumentException("a series is one row of numbers, but this INDArray has shape "
                    + Arrays.toString(shape) + ": plot one row (x.getRow(i)) or column (x.getColumn(j)), or each in turn");
        }
        return values.castTo(DataType.DOUBLE).reshape(values.length()).toDoubleVector();
    }

    static double[] of(NumericColumn<?> column) {
        double[] out = new double[column.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = column.isMissing(i) ? Double.NaN : column.getDouble(i);
        }
        return out;
    }

    /** 1, 2, …, n: how a series given without x is numbered (epochs and steps as Keras counts them). */
    static double[] counting(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
        }
        return x;
    }
}
