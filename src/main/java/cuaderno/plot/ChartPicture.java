package cuaderno.plot;

import org.knowm.xchart.internal.chartpart.Chart;

import java.awt.Graphics2D;

/** Any XChart chart, shown and saved like our own figures (the kernel renders bare XChart charts through this). */
final class ChartPicture implements Picture {

    private final Chart<?, ?> chart;

    ChartPicture(Chart<?, ?> chart) {
        this.chart = chart;
    }

    @Override
    public int width() {
        return chart.getWidth();
    }

    @Override
    public int height() {
        return chart.getHeight();
    }

    @Override
    public void paint(Graphics2D g, int width, int height) {
        chart.paint(g, width, height);
    }

    @Override
    public String toString() {
        String title = chart.getTitle();
        return chart.getClass().getSimpleName() + (title == null || title.isEmpty() ? "" : " \"" + title + "\"");
    }
}
