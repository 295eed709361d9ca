package cuaderno.experiment;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One configuration of an experiment: a value for each axis and each fixed setting, read by name as a Tablesaw
 * row is: {@code config.getInt("units")}, {@code config.getDouble("learningRate")}.
 */
public final class Config {

    private final Map<String, Object> values;

    Config(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The value named {@code name}, as given to the experiment. */
    public Object get(String name) {
        Object value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("this experiment has no setting named '" + name + "'; it has "
                    + String.join(", ", values.keySet()));
        }
        return value;
    }

    public int getInt(String name) {
        return Math.toIntExact(getLong(name));
    }

    public long getLong(String name) {
        Object value = get(name);
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        throw wrongType(name, value, "a whole number");
    }

    public double getDouble(String name) {
        Object value = get(name);
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        throw wrongType(name, value, "a number");
    }

    /** The value as the tables write it: text as given, numbers plainly ("0.00001", not "1.0E-5"). */
    public String getString(String name) {
        return text(get(name));
    }

    public boolean getBoolean(String name) {
        Object value = get(name);
        if (value instanceof Boolean b) {
            return b;
        }
        throw wrongType(name, value, "true or false");
    }

    /** Every setting, in the experiment's order: axes first, then fixed settings. */
    public Map<String, Object> values() {
        return values;
    }

    private IllegalArgumentException wrongType(String name, Object value, String wanted) {
        return new IllegalArgumentException(name + " is " + text(value) + " (" + value.getClass().getSimpleName()
                + "), not " + wanted + "; read it with get(\"" + name + "\") or the getter for its type");
    }

    /** How a value is written in tables and the results file: 1e-5 as 0.00001, 1.0 as 1.0, 16 as 16. */
    static String text(Object value) {
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                return String.valueOf(d);
            }
            String plain = new BigDecimal(value.toString()).stripTrailingZeros().toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        return String.valueOf(value);
    }

    /** "units=16, learningRate=0.00001" for the named settings. */
    String describe(Iterable<String> names) {
        StringBuilder out = new StringBuilder();
        for (String name : names) {
            out.append(out.length() == 0 ? "" : ", ").append(name).append('=').append(text(values.get(name)));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + text(e.getValue())).collect(Collectors.joining(", "));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Config c && c.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }
}
