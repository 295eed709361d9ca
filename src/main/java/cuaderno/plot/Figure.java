package cuaderno.plot;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.api.ndarray.INDArray;
import tech.tablesaw.api.NumericColumn;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * A line and scatter chart, built like matplotlib's pyplot calls:
 * <pre>{@code
 * Plot.figure("accuracy").xLabel("epoch").yLabel("accuracy").yLim(0, 1)
 *     .line("train", history.accuracy())
 *     .line("validation", history.valAccuracy()).dashed();
 * }</pre>
 * Values come as the lesson holds them: {@code double[]}, {@code float[]}, {@code int[]}, {@code long[]}, a
 * {@code List} of numbers, an {@code INDArray} (a vector, one row or one column) or a Tablesaw numeric column; x and
 * y of one series are the same kind. A series given without x is numbered 1, 2, 3, … as Keras counts epochs, so a
 * per-epoch curve lines up with {@code history.plot()} and the history table (matplotlib counts from 0; give x to
 * choose). The legend goes where it covers the fewest points (matplotlib's {@code loc="best"}) unless
 * {@link #legend(String)} says where. Each call returns the figure, so a cell can end with it and see it;
 * {@link #chart()} gives the XChart chart for anything not covered here.
 */
public final class Figure implements Picture {

    private static final Map<String, LegendPosition> LEGEND_PLACES = Map.of(
            "upper right", LegendPosition.InsideNE, "upper left", LegendPosition.InsideNW,
            "lower left", LegendPosition.InsideSW, "lower right", LegendPosition.InsideSE,
            "upper center", LegendPosition.InsideN, "lower center", LegendPosition.InsideS,
            "outside", LegendPosition.OutsideE);

    private final FigureChart chart;
    private int width = 640;
    private int height = 420;
    private XYSeries last;
    private int unnamed;
    /** Where the legend goes; null: the best place for the data, found when drawing. */
    private LegendPosition legendPlace;
    private Drawn drawn;

    Figure(String title) {
        chart = new FigureChart(new XYChartBuilder().width(width).height(height).title(title == null ? "" : title));
        Style.apply(chart);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setChartTitleVisible(title != null && !title.isEmpty());
    }

    public Figure title(String title) {
        chart.setTitle(title);
        chart.getStyler().setChartTitleVisible(!title.isEmpty());
        return this;
    }

    public Figure xLabel(String label) {
        chart.setXAxisTitle(label);
        return this;
    }

    public Figure yLabel(String label) {
        chart.setYAxisTitle(label);
        return this;
    }

    /** Fixes the x axis to [min, max] (matplotlib's {@code xlim}). */
    public Figure xLim(double min, double max) {
        checkLimits("xLim", min, max);
        chart.getStyler().setXAxisMin(min).setXAxisMax(max);
        return this;
    }

    /** Fixes the y axis to [min, max] (matplotlib's {@code ylim}). */
    public Figure yLim(double min, double max) {
        checkLimits("yLim", min, max);
        chart.getStyler().setYAxisMin(min).setYAxisMax(max);
        return this;
    }

    /** Both axes at once, like matplotlib's {@code plt.axis([xmin, xmax, ymin, ymax])}. */
    public Figure axis(double xMin, double xMax, double yMin, double yMax) {
        return xLim(xMin, xMax).yLim(yMin, yMax);
    }

    /** A logarithmic x axis (learning rates, layer sizes). */
    public Figure logX() {
        chart.getStyler().setXAxisLogarithmic(true);
        return this;
    }

    public Figure logY() {
        chart.getStyler().setYAxisLogarithmic(true);
        return this;
    }

    /** Size at normal resolution in pixels (default 640 × 420). */
    public Figure size(int width, int height) {
        if (width < 50 || height < 50) {
            throw new IllegalArgumentException("a figure must be at least 50 × 50 pixels, not " + width + " × " + height);
        }
        this.width = width;
        this.height = height;
        return this;
    }

    /** Shows or hides the legend; it shows by itself once a series has a name. */
    public Figure legend(boolean visible) {
        chart.getStyler().setLegendVisible(visible);
        return this;
    }

    /**
     * Puts the legend somewhere (matplotlib's {@code loc}): "best" (the default: where it covers the fewest points),
     * "upper right", "upper left", "lower left", "lower right", "upper center", "lower center", or "outside" (right
     * of the plot).
     */
    public Figure legend(String place) {
        String key = place.trim().toLowerCase(Locale.ROOT).replace("centre", "center");
        if (key.equals("best")) {
            legendPlace = null;
        } else if (LEGEND_PLACES.containsKey(key)) {
            legendPlace = LEGEND_PLACES.get(key);
        } else {
            throw new IllegalArgumentException("unknown legend place '" + place + "': use best, "
                    + String.join(", ", new java.util.TreeSet<>(LEGEND_PLACES.keySet())));
        }
        chart.getStyler().setLegendVisible(true);
        return this;
    }

    // ---------------------------------------------------------------- line: y against 1, 2, 3, …

    public Figure line(double[] y) { return line((String) null, y); }
    public Figure line(float[] y) { return line((String) null, Numbers.of(y)); }
    public Figure line(int[] y) { return line((String) null, Numbers.of(y)); }
    public Figure line(long[] y) { return line((String) null, Numbers.of(y)); }
    public Figure line(List<? extends Number> y) { return line((String) null, Numbers.of(y)); }
    public Figure line(INDArray y) { return line((String) null, Numbers.of(y)); }
    public Figure line(NumericColumn<?> y) { return line((String) null, Numbers.of(y)); }

    /** A named line (a legend entry) of {@code y} against 1, 2, 3, … */
    public Figure line(String name, double[] y) { return line(name, Numbers.counting(y.length), y); }
    public Figure line(String name, float[] y) { return line(name, Numbers.of(y)); }
    public Figure line(String name, int[] y) { return line(name, Numbers.of(y)); }
    public Figure line(String name, long[] y) { return line(name, Numbers.of(y)); }
    public Figure line(String name, List<? extends Number> y) { return line(name, Numbers.of(y)); }
    public Figure line(String name, INDArray y) { return line(name, Numbers.of(y)); }
    public Figure line(String name, NumericColumn<?> y) { return line(name, Numbers.of(y)); }

    // ---------------------------------------------------------------- line: y against x

    public Figure line(double[] x, double[] y) { return line((String) null, x, y); }
    public Figure line(float[] x, float[] y) { return line((String) null, Numbers.of(x), Numbers.of(y)); }
    public Figure line(int[] x, int[] y) { return line((String) null, Numbers.of(x), Numbers.of(y)); }
    public Figure line(long[] x, long[] y) { return line((String) null, Numbers.of(x), Numbers.of(y)); }
    public Figure line(List<? extends Number> x, List<? extends Number> y) { return line((String) null, Numbers.of(x), Numbers.of(y)); }
    public Figure line(INDArray x, INDArray y) { return line((String) null, Numbers.of(x), Numbers.of(y)); }
    public Figure line(NumericColumn<?> x, NumericColumn<?> y) { return line((String) null, Numbers.of(x), Numbers.of(y)); }

    public Figure line(String name, double[] x, double[] y) {
        add(name, x, y).setMarker(SeriesMarkers.NONE);
        return this;
    }

    public Figure line(String name, float[] x, float[] y) { return line(name, Numbers.of(x), Numbers.of(y)); }
    public Figure line(String name, int[] x, int[] y) { return line(name, Numbers.of(x), Numbers.of(y)); }
    public Figure line(String name, long[] x, long[] y) { return line(name, Numbers.of(x), Numbers.of(y)); }
    public Figure line(String name, List<? extends Number> x, List<? extends Number> y) { return line(name, Numbers.of(x), Numbers.of(y)); }
    public Figure line(String name, INDArray x, INDArray y) { return line(name, Numbers.of(x), Numbers.of(y)); }
    public Figure line(String name, NumericColumn<?> x, NumericColumn<?> y) { return line(name, Numbers.of(x), Numbers.of(y)); }

    // ---------------------------------------------------------------- scatter: points without lines

    public Figure scatter(double[] x, double[] y) { return scatter(null, x, y); }
    public Figure scatter(float[] x, float[] y) { return scatter(null, Numbers.of(x), Numbers.of(y)); }
    public Figure scatter(int[] x, int[] y) { return scatter(null, Numbers.of(x), Numbers.of(y)); }
    public Figure scatter(long[] x, long[] y) { return scatter(null, Numbers.of(x), Numbers.of(y)); }
    public Figure scatter(List<? extends Number> x, List<? extends Number> y) { return scatter(null, Numbers.of(x), Numbers.of(y)); }
    public Figure scatter(INDArray x, INDArray y) { return scatter(null, Numbers.of(x), Numbers.of(y)); }
    public Figure scatter(NumericColumn<?> x, NumericColumn<?> y) { return scatter(null, Numbers.of(x), Numbers.of(y)); }

    /** Points without lines (matplotlib's {@code scatter}). */
    public Figure scatter(String name, double[] x, double[] y) {
        XYSeries series = add(name, x, y);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        series.setMarker(SeriesMarkers.CIRCLE);
        return this;
    }

    public Figure scatter(String name, float[] x, float[] y) { return scatter(name, Numbers.of(x), Numbers.of(y)); }
    public Figure scatter(String name, int[] x, int[] y) { return scatter(name, Numbers.of(x), Numbers.of(y)); }
    public Figure scatter(String name, long[] x, long[] y) { return scatter(name, Numbers.of(x), Numbers.of(y)); }
    public Figure scatter(String name, List<? extends Number> x, List<? extends Number> y) { return scatter(name, Numbers.of(x), Numbers.of(y)); }
    public Figure scatter(String name, INDArray x, INDArray y) { return scatter(name, Numbers.of(x), Numbers.of(y)); }
    public Figure scatter(String name, NumericColumn<?> x, NumericColumn<?> y) { return scatter(name, Numbers.of(x), Numbers.of(y)); }

    // ---------------------------------------------------------------- path: points joined by lines ('o-')

    public Figure path(double[] x, double[] y) { return path(null, x, y); }
    public Figure path(float[] x, float[] y) { return path(null, Numbers.of(x), Numbers.of(y)); }
    public Figure path(int[] x, int[] y) { return path(null, Numbers.of(x), Numbers.of(y)); }
    public Figure path(long[] x, long[] y) { return path(null, Numbers.of(x), Numbers.of(y)); }
    public Figure path(List<? extends Number> x, List<? extends Number> y) { return path(null, Numbers.of(x), Numbers.of(y)); }
    public Figure path(INDArray x, INDArray y) { return path(null, Numbers.of(x), Numbers.of(y)); }
    public Figure path(NumericColumn<?> x, NumericColumn<?> y) { return path(null, Numbers.of(x), Numbers.of(y)); }

    /** Points joined by lines ({@code 'o-'}): a path such as the steps of gradient descent. */
    public Figure path(String name, double[] x, double[] y) {
        add(name, x, y).setMarker(SeriesMarkers.CIRCLE);
        return this;
    }

    public Figure path(String name, float[] x, float[] y) { return path(name, Numbers.of(x), Numbers.of(y)); }
    public Figure path(String name, int[] x, int[] y) { return path(name, Numbers.of(x), Numbers.of(y)); }
    public Figure path(String name, long[] x, long[] y) { return path(name, Numbers.of(x), Numbers.of(y)); }
    public Figure path(String name, List<? extends Number> x, List<? extends Number> y) { return path(name, Numbers.of(x), Numbers.of(y)); }
    public Figure path(String name, INDArray x, INDArray y) { return path(name, Numbers.of(x), Numbers.of(y)); }
    public Figure path(String name, NumericColumn<?> x, NumericColumn<?> y) { return path(name, Numbers.of(x), Numbers.of(y)); }

    // ----------------------------------------------------------------

    /** {@code f} drawn over [from, to] with 400 points. */
    public Figure function(String name, DoubleUnaryOperator f, double from, double to) {
        checkLimits("function", from, to);
        int n = 400;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = from + (to - from) * i / (n - 1);
            y[i] = f.applyAsDouble(x[i]);
        }
        return line(name, x, y);
    }

    /** Colours the last series: a matplotlib name ("red"), "C0".."C9" or "#rrggbb". */
    public Figure color(String color) {
        java.awt.Color c = Style.color(color);
        XYSeries series = lastSeries("color");
        series.setLineColor(c);
        series.setMarkerColor(c);
        series.setFillColor(c);
        return this;
    }

    /** Draws the last series dashed (validation curves next to training ones). */
    public Figure dashed() {
        lastSeries("dashed").setLineStyle(SeriesLines.DASH_DASH);
        return this;
    }

    /** The XChart chart behind this figure, to change anything these methods do not cover. */
    public XYChart chart() {
        return chart;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    /**
     * Draws the chart after choosing what depends on the data and the size: axis limits a little wider than the data
     * and tick labels with one number of decimals (unless set, here or on the XChart styler), and the legend's place.
     * The styler is left as it was, so the figure can take more series and be drawn again.
     */
    @Override
    public void paint(Graphics2D g, int width, int height) {
        XYStyler s = chart.getStyler();
        Double xMin = s.getXAxisMin(), xMax = s.getXAxisMax(), yMin = s.getYAxisMin(), yMax = s.getYAxisMax();
        String xPattern = s.getXAxisDecimalPattern(), yPattern = s.getYAxisDecimalPattern();
        LegendPosition legendPosition = s.getLegendPosition();
        try {
            if (!chart.getSeriesMap().isEmpty()) {
                arrange(width, height);
            }
            chart.paint(g, width, height);
            drawn = chart.getSeriesMap().isEmpty() ? null : new Drawn(s.getXAxisDecimalPattern(), s.getYAxisDecimalPattern(), s.getLegendPosition(),
                    LegendPlacement.box(s.getLegendPosition(), chart.plotBounds(), chart.legendSize().getWidth(),
                            chart.legendSize().getHeight()), chart.plotBounds());
        } finally {
            s.setXAxisMin(xMin).setXAxisMax(xMax).setYAxisMin(yMin).setYAxisMax(yMax);
            s.setXAxisDecimalPattern(xPattern).setYAxisDecimalPattern(yPattern);
            s.setLegendPosition(legendPosition);
        }
    }

    private void arrange(int width, int height) {
        XYStyler s = chart.getStyler();
        double[] x = finiteRange(true);
        double[] y = finiteRange(false);
        if (x == null) {
            return; // nothing finite to draw: leave everything to XChart
        }
        boolean autoX = s.getXAxisMin() == null && s.getXAxisMax() == null && !s.isXAxisLogarithmic();
        boolean autoY = y != null && s.getYAxisMin() == null && s.getYAxisMax() == null && !s.isYAxisLogarithmic();
        if (autoX) {
            double[] limits = Ticks.limits(x[0], x[1]);
            s.setXAxisMin(limits[0]).setXAxisMax(limits[1]);
        }
        if (autoY) {
            double[] limits = Ticks.limits(y[0], y[1]);
            s.setYAxisMin(limits[0]).setYAxisMax(limits[1]);
        }
        s.setLegendPosition(legendPlace == null ? LegendPosition.InsideNE : legendPlace);
        scratchPaint(width, height);  // lays the chart out: plot area, axis mapping, legend size
        if (s.getXAxisDecimalPattern() == null && !s.isXAxisLogarithmic() && s.getXAxisMin() != null) {
            s.setXAxisDecimalPattern(integers(true) ? Ticks.pattern(0)
                    : Ticks.pattern(decimals(s.getXAxisMin(), s.getXAxisMax(), true)));
        }
        if (s.getYAxisDecimalPattern() == null && !s.isYAxisLogarithmic() && s.getYAxisMin() != null) {
            s.setYAxisDecimalPattern(Ticks.pattern(decimals(s.getYAxisMin(), s.getYAxisMax(), false)));
        }
        if (legendPlace == null && s.isLegendVisible()) {
            s.setLegendPosition(LegendPlacement.best(chart.plotBounds(), chart.legendSize().getWidth(),
                    chart.legendSize().getHeight(), traces()));
        }
    }

    private void scratchPaint(int width, int height) {
        BufferedImage scratch = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            chart.paint(g, width, height);
        } finally {
            g.dispose();
        }
    }

    /** Decimals of the ticks XChart will draw between the axis limits (measured on the laid-out chart). */
    private int decimals(double min, double max, boolean xAxis) {
        XYStyler s = chart.getStyler();
        double tickSpace = xAxis ? Math.abs(chart.getScreenXFromChart(max) - chart.getScreenXFromChart(min))
                : Math.abs(chart.getScreenYFromChart(max) - chart.getScreenYFromChart(min));
        // XChart squeezes more ticks into short y axes (its AxisTickCalculator_)
        int hint = xAxis ? s.getXAxisTickMarkSpacingHint() : tickSpace < 160 ? 25 : s.getYAxisTickMarkSpacingHint();
        return Ticks.decimals(max - min, tickSpace, hint);
    }

    /** The series as the screen shows them, for the legend's placement. */
    private List<LegendPlacement.Trace> traces() {
        List<LegendPlacement.Trace> traces = new ArrayList<>();
        for (XYSeries series : chart.getSeriesMap().values()) {
            double[] xs = series.getXData();
            double[] ys = series.getYData();
            double[] sx = new double[xs.length];
            double[] sy = new double[ys.length];
            for (int i = 0; i < xs.length; i++) {
                sx[i] = chart.getScreenXFromChart(xs[i]);
                sy[i] = chart.getScreenYFromChart(ys[i]);
            }
            boolean joined = series.getXYSeriesRenderStyle() != XYSeries.XYSeriesRenderStyle.Scatter
                    && series.getLineStyle() != SeriesLines.NONE;
            traces.add(new LegendPlacement.Trace(sx, sy, joined));
        }
        return traces;
    }

    /** [min, max] of the finite x (or y) values of every series; null when there are none. */
    private double[] finiteRange(boolean xAxis) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (XYSeries series : chart.getSeriesMap().values()) {
            for (double v : xAxis ? series.getXData() : series.getYData()) {
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        return min <= max ? new double[]{min, max} : null;
    }

    /** Whether every x (or y) value is a whole number: epochs and steps get whole-number ticks. */
    private boolean integers(boolean xAxis) {
        for (XYSeries series : chart.getSeriesMap().values()) {
            for (double v : xAxis ? series.getXData() : series.getYData()) {
                if (Double.isFinite(v) && v != Math.rint(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** What the last {@code paint} chose, for tests: tick label patterns and where the legend was drawn. */
    record Drawn(String xPattern, String yPattern, LegendPosition legend, Rectangle2D legendBox, Rectangle2D plot) {
    }

    Drawn drawn() {
        return drawn;
    }

    @Override
    public String toString() {
        String title = chart.getTitle();
        return "Figure" + (title.isEmpty() ? "" : " \"" + title + "\"") + " with " + chart.getSeriesMap().size()
                + " series: " + String.join(", ", chart.getSeriesMap().keySet());
    }

    private XYSeries add(String name, double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x has " + x.length + " values but y has " + y.length
                    + ": a series needs one x for each y");
        }
        if (x.length == 0) {
            throw new IllegalArgumentException("a series needs at least one point");
        }
        String key = name;
        if (key == null || key.isEmpty()) {
            key = "series " + (++unnamed);
        } else {
            chart.getStyler().setLegendVisible(true);
        }
        if (chart.getSeriesMap().containsKey(key)) {
            throw new IllegalArgumentException("this figure already has a series named '" + key + "': give each one its own name");
        }
        last = chart.addSeries(key, x, y);
        last.setShowInLegend(name != null && !name.isEmpty());
        return last;
    }

    private XYSeries lastSeries(String method) {
        if (last == null) {
            throw new IllegalStateException(method + "() applies to the last series added: add a line, scatter or path first");
        }
        return last;
    }

    private static void checkLimits(String what, double min, double max) {
        if (!(min < max) || !Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException(what + "(" + min + ", " + max + "): the first limit must be smaller than the second, both finite");
        }
    }

    /** XChart's chart, opened up for what a figure measures after laying it out: the plot area and legend size. */
    private static final class FigureChart extends XYChart {

        FigureChart(XYChartBuilder builder) {
            super(builder);
        }

        Rectangle2D plotBounds() {
            return plot.getBounds();
        }

        Rectangle2D legendSize() {
            return legend.getBounds();
        }
    }
}
