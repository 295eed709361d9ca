package cuaderno.experiment;

import cuaderno.nn.History;

import java.lang.reflect.Method;
import java.util.Locale;
import java.util.regex.Pattern;

/** Turns what a run's function returned or threw into a {@link Run}: its result, or why it did not finish. */
final class Outcome {

    /** How native allocation failures read when they do not arrive as an OutOfMemoryError (ND4J, JavaCPP). */
    private static final Pattern NATIVE_OOM = Pattern.compile(
            "(?i)out of memory|failed to allocate|cannot allocate memory|allocation failed|bad_alloc");

    /** A stop the experiment itself made (a budget), with its reason. */
    record Stop(Status status, String reason) {
    }

    private Outcome() {
    }

    /**
     * @param stop the budget that stopped the run, or null: it outranks whatever the run returned or threw, since
     *             that is only how the run ended after being stopped
     */
    static Run of(Config config, Object value, Throwable thrown, double seconds, double memoryMb, Stop stop) {
        if (stop != null) {
            return new Run(config, Double.NaN, seconds, memoryMb, stop.status(), stop.reason());
        }
        if (thrown != null) {
            Throwable oom = outOfMemory(thrown);
            if (oom != null) {
                return new Run(config, Double.NaN, seconds, memoryMb, Status.OUT_OF_MEMORY, "out of memory: " + firstLine(oom));
            }
            return new Run(config, Double.NaN, seconds, memoryMb, Status.ERROR, thrown.getClass().getSimpleName()
                    + (firstLine(thrown).isEmpty() ? "" : ": " + firstLine(thrown)));
        }
        return ofValue(config, value, seconds, memoryMb);
    }

    private static Run ofValue(Config config, Object value, double seconds, double memoryMb) {
        double result;
        double loss = Double.NaN;
        boolean lossKnown = false;
        if (value instanceof Number n) {
            result = n.doubleValue();
        } else if (value instanceof History history) {
            double[] losses = history.loss();
            for (int i = 0; i < losses.length; i++) {
                if (!Double.isFinite(losses[i])) {
                    return new Run(config, Double.NaN, seconds, memoryMb, Status.NAN,
                            Status.NAN.words() + " in epoch " + (i + 1));
                }
            }
            result = last(history.valAccuracy());
            if (Double.isNaN(result)) {
                result = last(history.accuracy());
            }
            if (Double.isNaN(result)) {
                result = last(losses);
            }
        } else if (value instanceof double[] scores && scores.length == 2) {
            loss = scores[0]; // model.evaluate's {loss, accuracy}
            lossKnown = true;
            result = scores[1];
        } else if (value != null && method(value, "accuracy") != null) {
            try { // evaluate's scores, or any value with accuracy() and perhaps loss()
                result = number(value, method(value, "accuracy"));
                Method lossMethod = method(value, "loss");
                if (lossMethod != null) {
                    loss = number(value, lossMethod);
                    lossKnown = true;
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                return new Run(config, Double.NaN, seconds, memoryMb, Status.ERROR, "could not read the accuracy of the"
                        + " run's " + value.getClass().getSimpleName() + ": " + firstLine(e));
            }
        } else {
            return new Run(config, Double.NaN, seconds, memoryMb, Status.ERROR, value == null
                    ? "the function returned null: return the run's result, such as the test accuracy"
                    : "the function returned a " + value.getClass().getSimpleName() + "; return a number (the run's "
                    + "result), a History, or evaluate's scores");
        }
        if (lossKnown && !Double.isFinite(loss)) {
            return new Run(config, result, seconds, memoryMb, Status.NAN, Status.NAN.words());
        }
        if (!Double.isFinite(result)) {
            return new Run(config, Double.NaN, seconds, memoryMb, Status.NAN, "the result is " + result);
        }
        return new Run(config, result, seconds, memoryMb, Status.OK, "");
    }

    /** The OutOfMemoryError in {@code thrown}'s causes, or a native allocation failure that says so; else null. */
    static Throwable outOfMemory(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return t;
            }
        }
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && NATIVE_OOM.matcher(t.getMessage()).find()) {
                return t;
            }
        }
        return null;
    }

    /** The first line of a throwable's message, at most 200 characters (the cause's when it has none). */
    static String firstLine(Throwable t) {
        String message = t.getMessage();
        if ((message == null || message.isBlank()) && t.getCause() != null && t.getCause() != t) {
            return firstLine(t.getCause());
        }
        if (message == null) {
            return "";
        }
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 199) + "…" : line;
    }

    private static double last(double[] values) {
        return values.length == 0 ? Double.NaN : values[values.length - 1];
    }

    private static Method method(Object value, String name) {
        try {
            Method m = value.getClass().getMethod(name);
            Class<?> type = m.getReturnType();
            return type == double.class || type == float.class || Number.class.isAssignableFrom(type) ? m : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static double number(Object value, Method method) throws ReflectiveOperationException {
        method.setAccessible(true);
        return ((Number) method.invoke(value)).doubleValue();
    }

    /** A duration as people read it: "8.5 s", "42 s", "6 min 49 s", "2 h 40 min". */
    static String seconds(double s) {
        return s >= 3600 ? String.format(Locale.ROOT, "%d h %02d min", (long) s / 3600, (long) s % 3600 / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%d min %02d s", (long) s / 60, (long) s % 60)
                : String.format(Locale.ROOT, s < 10 ? "%.1f s" : "%.0f s", s);
    }
}
