package cuaderno.plot;

import java.awt.Color;
import java.util.Locale;

/** matplotlib's colour maps that the course uses: {@code Greys} (white to black), {@code gray}, {@code viridis}. */
public enum Colormap {
    GREYS(0xffffff, 0x000000),
    GRAY(0x000000, 0xffffff),
    VIRIDIS(0x440154, 0x472d7b, 0x3b528b, 0x2c728e, 0x21918c, 0x28ae80, 0x5ec962, 0xaddc30, 0xfde725),
    BLUES(0xf7fbff, 0xdeebf7, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x4292c6, 0x2171b5, 0x08519c, 0x08306b);

    private final int[] anchors;

    Colormap(int... anchors) {
        this.anchors = anchors;
    }

    /** By matplotlib's name, any case: "Greys", "gray", "viridis", "Blues". */
    public static Colormap named(String name) {
        String key = name.trim().toUpperCase(Locale.ROOT).replace("GREY", "GRAY").replace("GRAYS", "GREYS");
        if (key.equals("GRAY") || key.equals("GREYS") || key.equals("VIRIDIS") || key.equals("BLUES")) {
            return valueOf(key);
        }
        throw new IllegalArgumentException("unknown colour map '" + name + "': use Greys, gray, viridis or Blues");
    }

    /** The colour for {@code t} in [0, 1] (values outside are clamped). */
    public int rgb(double t) {
        double x = Double.isNaN(t) ? 0 : Math.max(0, Math.min(1, t)) * (anchors.length - 1);
        int i = Math.min((int) x, anchors.length - 2);
        double f = x - i;
        int a = anchors[i];
        int b = anchors[i + 1];
        int r = (int) Math.round(((a >> 16) & 0xff) * (1 - f) + ((b >> 16) & 0xff) * f);
        int g = (int) Math.round(((a >> 8) & 0xff) * (1 - f) + ((b >> 8) & 0xff) * f);
        int bl = (int) Math.round((a & 0xff) * (1 - f) + (b & 0xff) * f);
        return (r << 16) | (g << 8) | bl;
    }

    /** {@code n} colours evenly along the map. */
    Color[] colors(int n) {
        Color[] colors = new Color[n];
        for (int i = 0; i < n; i++) {
            colors[i] = new Color(rgb(i / (double) (n - 1)));
        }
        return colors;
    }
}
