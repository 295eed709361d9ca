package cuaderno.display;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.Locale;

/**
 * An ND4J array as numpy prints one: nested brackets, a common width and number style, lines of at most 75
 * characters broken between numbers with the continuation aligned under the first one (numpy's {@code linewidth}),
 * and arrays of more than 1,000 values summarised to their first and last 3 entries per dimension; then shape and
 * data type.
 */
public final class ArrayText {

    private static final int THRESHOLD = 1000;
    private static final int EDGE = 3;
    /** numpy's default {@code linewidth}. */
    static final int LINE_WIDTH = 75;

    private ArrayText() {
    }

    public static String format(INDArray array) {
        String header = "array(";
        String tail = ", shape=" + Arrays.toString(array.shape()) + ", dtype=" + array.dataType().name().toLowerCase(Locale.ROOT) + ")";
        if (array.isEmpty()) {
            return header + "[]" + tail;
        }
        if (array.isScalar()) {
            return header + number(array.getDouble(0), style(new double[]{array.getDouble(0)})) + tail;
        }
        boolean summarise = array.length() > THRESHOLD;
        double[] sample = sampleValues(array, summarise);
        Style style = style(sample);
        int width = Arrays.stream(sample).mapToObj(v -> number(v, style)).mapToInt(String::length).max().orElse(1);
        StringBuilder out = new StringBuilder(header);
        write(out, array, new long[0], summarise, style, width, header.length() + 1);
        // numpy moves "dtype=..." to a line of its own rather than past the line width
        String[] parts = tail.substring(2).split(", (?=dtype)");
        for (String part : parts) {
            out.append(lineLength(out) + 2 + part.length() > LINE_WIDTH ? ",\n" + " ".repeat(header.length()) : ", ").append(part);
        }
        return out.toString();
    }

    private record Style(boolean integers, boolean scientific) {
    }

    private static Style style(double[] values) {
        boolean integers = true;
        double largest = 0;
        double smallest = Double.POSITIVE_INFINITY;
        for (double v : values) {
            if (!Double.isFinite(v)) {
                continue;
            }
            integers &= v == Math.rint(v) && Math.abs(v) < 1e15;
            if (v != 0) {
                largest = Math.max(largest, Math.abs(v));
                smallest = Math.min(smallest, Math.abs(v));
            }
        }
        return new Style(integers, !integers && (largest >= 1e6 || smallest < 1e-4));
    }

    private static String number(double v, Style style) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (style.integers) {
            return String.valueOf((long) v);
        }
        return String.format(Locale.ROOT, style.scientific ? "%.4e" : "%.4f", v);
    }

    private static void write(StringBuilder out, INDArray array, long[] index, boolean summarise, Style style, int width,
                              int indent) {
        int dim = index.length;
        long size = array.size(dim);
        out.append('[');
        boolean last = dim == array.rank() - 1;
        for (long i = 0; i < size; i++) {
            if (summarise && size > 2 * EDGE && i == EDGE) {
                if (last) {
                    breakLineFor(out, "...,".length(), indent + dim);
                    out.append("..., ");
                } else {
                    out.append("...,\n").append(" ".repeat(indent + dim));
                }
                i = size - EDGE;
            }
            long[] at = Arrays.copyOf(index, dim + 1);
            at[dim] = i;
            if (last) {
                String text = number(array.getDouble(at), style);
                // what must fit after the number: its comma, or the closing brackets of every row it ends
                breakLineFor(out, width + (i < size - 1 ? 1 : array.rank() - dim), indent + dim);
                out.append(" ".repeat(width - text.length())).append(text);
            } else {
                write(out, array, at, summarise, style, width, indent);
            }
            if (i < size - 1) {
                out.append(last ? ", " : ",\n" + "\n".repeat(Math.max(0, array.rank() - dim - 2)) + " ".repeat(indent + dim));
            }
        }
        out.append(']');
    }

    /**
     * Starts a new line, under the row's first number, when {@code length} more characters would pass the line
     * width; only between numbers (where the last separator left a space).
     */
    private static void breakLineFor(StringBuilder out, int length, int continuation) {
        if (out.charAt(out.length() - 1) == ' ' && lineLength(out) + length > LINE_WIDTH) {
            out.setLength(out.length() - 1);
            out.append('\n').append(" ".repeat(continuation));
        }
    }

    private static int lineLength(StringBuilder out) {
        return out.length() - out.lastIndexOf("\n") - 1;
    }

    /** The values that will be printed (only the edges when summarised), to choose one style and width for all. */
    private static double[] sampleValues(INDArray array, boolean summarise) {
        if (!summarise) {
            return array.dup().castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).data().asDouble();
        }
        java.util.List<Double> values = new java.util.ArrayList<>();
        collect(array, new long[0], values);
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void collect(INDArray array, long[] index, java.util.List<Double> values) {
        int dim = index.length;
        long size = array.size(dim);
        for (long i = 0; i < size; i++) {
            if (size > 2 * EDGE && i == EDGE) {
                i = size - EDGE;
            }
            long[] at = Arrays.copyOf(index, dim + 1);
            at[dim] = i;
            if (dim == array.rank() - 1) {
                values.add(array.getDouble(at));
            } else {
                collect(array, at, values);
            }
        }
    }
}
