package cuaderno.homework;

import cuaderno.nn.Sequential;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Checks for test cells. A failed check is a {@link CheckFailed} that says expected against actual in one line, in
 * the notebook's language:
 *
 * <pre>{@code
 * Check.equal(9, square(3));                       // CheckFailed: expected 9 but got 6
 * Check.equal(2.5, mean(xs));                      // doubles agree to 1e-9 (relative)
 * Check.equal(0.88, accuracy, 0.02);               // ... or to the tolerance given
 * Check.equal(new double[] {1, 2}, ys, 1e-6);      // arrays, element by element
 * Check.shape(weights, 784, 100);                  // an INDArray's shape
 * Check.equal(expected, output, 1e-5);             // INDArrays: shape, then values
 * Check.accuracy(0.85, model, test.pixels(), test.labels());   // the model reaches at least 85 %
 * Check.isTrue(loss < 0.5, "the loss after training is below 0.5");
 * Check.throwsError(IllegalArgumentException.class, () -> squares(0));
 * }</pre>
 *
 * <p>The language is Spanish or English: {@link #language(String)} if a cell called it, else the
 * {@code CUADERNO_LANGUAGE} environment variable (which {@code validate} and {@code grade} set from the notebook's
 * metadata), else the machine's locale. Checks never rely on Java's {@code assert}.
 */
public final class Check {

    /** Relative tolerance of {@link #equal(double, double)}: what is left of 0.1 + 0.2 == 0.3. */
    public static final double DEFAULT_TOLERANCE = 1e-9;
    private static final int SHOWN_ELEMENTS = 8;

    private static volatile String language;

    private Check() {
    }

    /** Failure messages in this language from now on: {@code "es"} or {@code "en"}. */
    public static void language(String code) {
        language = Messages.normalise(code);
    }

    static String language() {
        if (language != null) {
            return language;
        }
        String configured = System.getenv("CUADERNO_LANGUAGE");
        if (configured != null && !configured.isBlank()) {
            return Messages.normalise(configured);
        }
        return Messages.normalise(Locale.getDefault().getLanguage());
    }

    // ---------------------------------------------------------------- equality

    /** Whole numbers: {@code Check.equal(9, square(3))}. */
    public static void equal(long expected, long actual) {
        if (expected != actual) {
            fail("check.expected", expected, actual);
        }
    }

    /** Doubles, to {@link #DEFAULT_TOLERANCE} relative (so 0.1 + 0.2 equals 0.3). */
    public static void equal(double expected, double actual) {
        if (Double.isNaN(actual) && !Double.isNaN(expected)) {
            fail("check.nan");
        }
        if (!numbersEqual(expected, actual)) {
            fail("check.expected", show(expected), show(actual));
        }
    }

    /** Doubles, to {@code tolerance} absolute: {@code Check.equal(0.88, accuracy, 0.02)}. */
    public static void equal(double expected, double actual, double tolerance) {
        if (Double.isNaN(actual) && !Double.isNaN(expected)) {
            fail("check.nan");
        }
        if (!(Math.abs(expected - actual) <= tolerance) && !(Double.isNaN(expected) && Double.isNaN(actual))
                && expected != actual) {
            fail("check.expected_within", show(expected), show(tolerance), show(actual));
        }
    }

    /** Arrays of doubles, element by element to {@code tolerance}. */
    public static void equal(double[] expected, double[] actual, double tolerance) {
        notNull(actual);
        if (expected.length != actual.length) {
            fail("check.length", expected.length, actual.length);
        }
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(expected[i] - actual[i]) <= tolerance) && expected[i] != actual[i]) {
                fail("check.at_index", i, Messages.get(language(), "check.expected_within", show(expected[i]),
                        show(tolerance), show(actual[i])));
            }
        }
    }

    /**
     * Anything else: strings, booleans, lists, arrays (element by element), numbers by value (doubles to
     * {@link #DEFAULT_TOLERANCE}), INDArrays (shape, then values to 1e-6).
     */
    public static void equal(Object expected, Object actual) {
        if (expected instanceof INDArray e && actual instanceof INDArray a) {
            equal(e, a, 1e-6);
            return;
        }
        String difference = difference(expected, actual);
        if (difference != null) {
            failBecause(difference);
        }
    }

    /** INDArrays: the same shape, then every value to {@code tolerance}. */
    public static void equal(INDArray expected, INDArray actual, double tolerance) {
        notNull(actual);
        shape(actual, expected.shape());
        double[] e = expected.dup().data().asDouble();
        double[] a = actual.dup().data().asDouble();
        for (int i = 0; i < e.length; i++) {
            if (!(Math.abs(e[i] - a[i]) <= tolerance) && e[i] != a[i]) {
                fail("check.at_index", index(expected.shape(), i), Messages.get(language(), "check.expected_within",
                        show(e[i]), show(tolerance), show(a[i])));
            }
        }
    }

    /** An INDArray's shape: {@code Check.shape(w, 784, 100)}. */
    public static void shape(INDArray actual, long... expected) {
        notNull(actual);
        if (!Arrays.equals(expected, actual.shape())) {
            fail("check.shape", Arrays.toString(expected), Arrays.toString(actual.shape()));
        }
    }

    // ---------------------------------------------------------------- bounds and conditions

    /** {@code actual} is at least {@code minimum}; {@code what} names it in the message ("the test accuracy"). */
    public static void atLeast(double minimum, double actual, String what) {
        if (!(actual >= minimum)) {
            fail("check.at_least", what, show(actual), show(minimum));
        }
    }

    /** {@code actual} is at most {@code maximum}. */
    public static void atMost(double maximum, double actual, String what) {
        if (!(actual <= maximum)) {
            fail("check.at_most", what, show(actual), show(maximum));
        }
    }

    /** An accuracy of at least {@code minimum}: {@code Check.accuracy(0.85, history.valAccuracy()[9])}. */
    public static void accuracy(double minimum, double accuracy) {
        atLeast(minimum, accuracy, Messages.get(language(), "check.accuracy"));
    }

    /**
     * The model classifies at least {@code minimum} of {@code x} right; {@code labels} are class numbers
     * ({@code [n]}) or one-hot rows ({@code [n, classes]}).
     */
    public static void accuracy(double minimum, Sequential model, INDArray x, INDArray labels) {
        notNull(model);
        INDArray predicted = model.predict(x).argMax(1);
        INDArray truth = labels.rank() == 2 && labels.size(1) > 1 ? labels.argMax(1) : labels.reshape(labels.length());
        long n = truth.length();
        long right = 0;
        for (long i = 0; i < n; i++) {
            if (Math.round(predicted.getDouble(i)) == Math.round(truth.getDouble(i))) {
                right++;
            }
        }
        accuracy(minimum, n == 0 ? 0 : (double) right / n);
    }

    /** {@code condition} holds; {@code what} says what should be true ("the loss went down"). */
    public static void isTrue(boolean condition, String what) {
        if (!condition) {
            failBecause(what == null || what.isBlank() ? Messages.get(language(), "check.not_true") : what);
        }
    }

    /** Code that must fail: {@code Check.throwsError(IllegalArgumentException.class, () -> squares(0))}. */
    public static void throwsError(Class<? extends Throwable> type, Code code) {
        try {
            code.run();
        } catch (Throwable thrown) {
            if (!type.isInstance(thrown)) {
                fail("check.throws_other", type.getSimpleName(), thrown.getClass().getSimpleName()
                        + (thrown.getMessage() == null ? "" : " (" + thrown.getMessage() + ")"));
            }
            return;
        }
        fail("check.throws", type.getSimpleName());
    }

    /** Code for {@link #throwsError}: may throw anything. */
    @FunctionalInterface
    public interface Code {
        void run() throws Throwable;
    }

    // ---------------------------------------------------------------- messages

    private static void fail(String key, Object... args) {
        throw new CheckFailed(Messages.get(language(), key, args));
    }

    private static void failBecause(String message) {
        throw new CheckFailed(message);
    }

    private static void notNull(Object actual) {
        if (actual == null) {
            fail("check.null");
        }
    }

    /** Why two values differ, in the notebook's language, or null when they are equal. */
    private static String difference(Object expected, Object actual) {
        if (expected == null || actual == null) {
            return expected == actual ? null : Messages.get(language(), "check.expected", show(expected), show(actual));
        }
        if (expected instanceof Number e && actual instanceof Number a) {
            return numbersEqual(e, a) ? null : Messages.get(language(), "check.expected", show(e), show(a));
        }
        if (expected.getClass().isArray() && actual.getClass().isArray()) {
            int length = Array.getLength(expected);
            if (length != Array.getLength(actual)) {
                return Messages.get(language(), "check.length", length, Array.getLength(actual));
            }
            for (int i = 0; i < length; i++) {
                String inner = difference(Array.get(expected, i), Array.get(actual, i));
                if (inner != null) {
                    return Messages.get(language(), "check.at_index", i, inner);
                }
            }
            return null;
        }
        return expected.equals(actual) ? null : Messages.get(language(), "check.expected", show(expected), show(actual));
    }

    private static boolean numbersEqual(Number expected, Number actual) {
        if (isWhole(expected) && isWhole(actual)) {
            return new BigInteger(expected.toString()).equals(new BigInteger(actual.toString()));
        }
        double e = expected.doubleValue();
        double a = actual.doubleValue();
        return e == a || Math.abs(e - a) <= DEFAULT_TOLERANCE * Math.max(1, Math.abs(e));
    }

    private static boolean isWhole(Number n) {
        return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte || n instanceof BigInteger;
    }

    /** A value as a student would write it: strings quoted, arrays in brackets, long arrays cut short. */
    static String show(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return "\"" + s.replace("\n", "\\n") + "\"";
        }
        if (value instanceof Character c) {
            return "'" + c + "'";
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) + ".0" : String.valueOf(value);
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof INDArray array) {
            return "INDArray" + Arrays.toString(array.shape());
        }
        if (value.getClass().isArray()) {
            int length = Array.getLength(value);
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < Math.min(length, SHOWN_ELEMENTS); i++) {
                parts.add(show(Array.get(value, i)));
            }
            if (length > SHOWN_ELEMENTS) {
                parts.add("… (" + length + ")");
            }
            return "[" + String.join(", ", parts) + "]";
        }
        return String.valueOf(value);
    }

    /** Where element {@code flat} sits in an array of this shape: "3" or "[1, 2]". */
    private static String index(long[] shape, long flat) {
        if (shape.length <= 1) {
            return Long.toString(flat);
        }
        long[] at = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            at[d] = flat % shape[d];
            flat /= shape[d];
        }
        return Arrays.toString(at);
    }
}
