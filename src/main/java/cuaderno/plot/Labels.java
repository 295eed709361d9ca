package cuaderno.plot;

import java.math.BigDecimal;
import java.util.List;

/** Labels from what a lesson holds: class names, or the numbers of a grid's rows and columns. */
final class Labels {

    private Labels() {
    }

    /** Each element as text; decimals as written ("0.001", not "1.0E-3"), whole numbers without ".0". */
    static String[] of(List<?> labels) {
        return labels.stream().map(Labels::text).toArray(String[]::new);
    }

    static String text(Object label) {
        if (label instanceof Double || label instanceof Float) {
            double v = ((Number) label).doubleValue();
            if (Double.isFinite(v)) {
                return new BigDecimal(label.toString()).stripTrailingZeros().toPlainString();
            }
        }
        return String.valueOf(label);
    }
}
