package cuaderno.plot;

import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.Locale;
import java.util.Map;

/** The look every chart shares: matplotlib's colours and a plain white frame, so course figures look familiar. */
final class Style {

    /** matplotlib's default colour cycle ("tab10"). */
    static final Color[] COLORS = {
            new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
            new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};

    private static final Map<String, Color> NAMED = Map.ofEntries(
            Map.entry("blue", COLORS[0]), Map.entry("orange", COLORS[1]), Map.entry("green", COLORS[2]),
            Map.entry("red", COLORS[3]), Map.entry("purple", COLORS[4]), Map.entry("brown", COLORS[5]),
            Map.entry("pink", COLORS[6]), Map.entry("gray", COLORS[7]), Map.entry("grey", COLORS[7]),
            Map.entry("olive", COLORS[8]), Map.entry("cyan", COLORS[9]), Map.entry("black", Color.BLACK),
            Map.entry("white", Color.WHITE));

    static final Font TITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 15);
    static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Font TICKS = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private Style() {
    }

    static void apply(Chart<?, ?> chart) {
        Styler s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(Color.BLACK);
        s.setChartTitleFont(TITLE);
        s.setChartTitleBoxVisible(false);
        s.setLegendFont(TICKS);
        s.setLegendBorderColor(new Color(0xcccccc));
        s.setSeriesColors(COLORS);
        s.setChartFontColor(Color.BLACK);
        s.setAntiAlias(true);
        s.setToolTipsEnabled(false);
        if (s instanceof AxesChartStyler a) {
            a.setAxisTitleFont(LABEL);
            a.setAxisTickLabelsFont(TICKS);
            a.setPlotGridLinesColor(new Color(0xe5e5e5));
            a.setPlotGridLinesStroke(new BasicStroke(0.8f));
            a.setAxisTickMarksColor(Color.BLACK);
            a.setAxisTickLabelsColor(Color.BLACK);
            a.setMarkerSize(7);
            a.setLocale(Locale.ROOT);
            // "0.90" above "1.00": the same right edge for every y label (Figure also gives them the same decimals)
            a.setYAxisLabelAlignment(AxesChartStyler.TextAlignment.Right);
        }
    }

    /** A colour by matplotlib name ("red", "tab:blue", "C0") or hex ("#1f77b4"). */
    static Color color(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT).replace("tab:", "");
        if (key.matches("c[0-9]")) {
            return COLORS[key.charAt(1) - '0'];
        }
        if (key.matches("#[0-9a-f]{6}")) {
            return new Color(Integer.parseInt(key.substring(1), 16));
        }
        Color color = NAMED.get(key);
        if (color == null) {
            throw new IllegalArgumentException("unknown colour '" + name + "': use a name (" + String.join(", ",
                    new java.util.TreeSet<>(NAMED.keySet())) + "), C0..C9, or #rrggbb");
        }
        return color;
    }
}
