package cuaderno.plot;

/**
 * What a figure decides about an axis before XChart draws it: limits a little wider than the data, and one number of
 * decimals for every tick label ("0.90", "0.95", "1.00" rather than "0.9", "0.95", "1").
 */
final class Ticks {

    private Ticks() {
    }

    /**
     * The axis limits for values {@code min..max}: 1 % wider on each side; about ±5 % around a constant. The extra
     * room is not only for looks: XChart puts ticks only on the data's own values when those (with the limits) are
     * equally spaced, which gave two-epoch histories exactly two y ticks; so a constant does not sit exactly midway.
     */
    static double[] limits(double min, double max) {
        if (max > min) {
            double pad = (max - min) / 100;
            return new double[]{min - pad, max + pad};
        }
        double pad = min == 0 ? 0.05 : Math.abs(min) * 0.05;
        return new double[]{min - pad, max + 1.25 * pad};
    }

    /**
     * The decimals of the tick step XChart will choose for {@code span} over {@code tickSpace} pixels, so that every
     * label gets the same number of them. XChart's step is 1, 2 or 5 times a power of ten, near {@code span /
     * tickSpace × hint}; it only grows from there, which never needs more decimals.
     */
    static int decimals(double span, double tickSpace, int hint) {
        if (!(span > 0) || !(tickSpace > 0)) {
            return 0;
        }
        double significand = span / tickSpace * hint;
        int exponent = 0;
        while (significand < 1) {
            significand *= 10;
            exponent--;
        }
        while (significand >= 10) {
            significand /= 10;
            exponent++;
        }
        if (significand > 7.5) {
            exponent++; // a step of 10 × 10^e
        }
        return Math.max(0, Math.min(10, -exponent));
    }

    /** A {@link java.text.DecimalFormat} pattern with thousands separators and exactly {@code decimals} decimals. */
    static String pattern(int decimals) {
        return decimals == 0 ? "#,##0" : "#,##0." + "0".repeat(decimals);
    }
}
