package cuaderno.plot;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Graphics2D;
import java.util.function.DoubleUnaryOperator;

/**
 * A line and scatter chart, built like matplotlib's pyplot calls:
 * <pre>{@code
 * Plot.figure("accuracy").xLabel("epoch").yLabel("accuracy").yLim(0, 1)
 *     .line("train", history.accuracy())
 *     .line("validation", history.valAccuracy()).dashed();
 * }</pre>
 * Each call returns the figure, so a cell can end with it and see it. {@link #chart()} gives the XChart chart for
 * anything not covered here.
 */
public final class Figure implements Picture {

    private final XYChart chart;
    private int width = 640;
    private int height = 420;
    private XYSeries last;
    private int unnamed;

    Figure(String title) {
        chart = new XYChartBuilder().width(width).height(height).title(title == null ? "" : title).build();
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

    /** {@code y} against 0, 1, 2, … as a line. */
    public Figure line(double[] y) {
        return line((String) null, y);
    }

    /** A named line of {@code y} against 0, 1, 2, … (a legend entry). */
    public Figure line(String name, double[] y) {
        return line(name, indices(y.length), y);
    }

    public Figure line(double[] x, double[] y) {
        return line((String) null, x, y);
    }

    public Figure line(String name, double[] x, double[] y) {
        XYSeries series = add(name, x, y);
        series.setMarker(SeriesMarkers.NONE);
        return this;
    }

    public Figure scatter(double[] x, double[] y) {
        return scatter(null, x, y);
    }

    /** Points without lines (matplotlib's {@code scatter}). */
    public Figure scatter(String name, double[] x, double[] y) {
        XYSeries series = add(name, x, y);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        series.setMarker(SeriesMarkers.CIRCLE);
        return this;
    }

    /** Points joined by lines ({@code 'o-'}): a path such as the steps of gradient descent. */
    public Figure path(String name, double[] x, double[] y) {
        XYSeries series = add(name, x, y);
        series.setMarker(SeriesMarkers.CIRCLE);
        return this;
    }

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

    @Override
    public void paint(Graphics2D g, int width, int height) {
        chart.paint(g, width, height);
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

    private static double[] indices(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        return x;
    }

    private static void checkLimits(String what, double min, double max) {
        if (!(min < max) || !Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException(what + "(" + min + ", " + max + "): the first limit must be smaller than the second, both finite");
        }
    }
}
