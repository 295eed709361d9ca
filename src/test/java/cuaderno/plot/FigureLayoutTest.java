package cuaderno.plot;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;

import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a figure decides when it is drawn: where the legend goes, the axis limits and the ticks. */
class FigureLayoutTest {

    private static final Path OUT = Path.of("target", "plots");

    /** Training accuracy as Keras reports it: rising, flattening out at the top right. */
    private static final double[] TRAIN = {0.82, 0.90, 0.93, 0.95, 0.96, 0.97, 0.975, 0.98, 0.985, 0.99};
    private static final double[] VALIDATION = {0.85, 0.90, 0.92, 0.93, 0.94, 0.945, 0.95, 0.952, 0.953, 0.955};

    @Test
    void placementAvoidsTheData() {
        Rectangle2D plot = new Rectangle2D.Double(50, 20, 500, 300);
        // a line rising from the bottom left to the top right: the upper left and lower right are free
        LegendPlacement.Trace rising = new LegendPlacement.Trace(new double[]{60, 300, 540}, new double[]{310, 170, 30}, true);
        LegendPosition best = LegendPlacement.best(plot, 100, 50, List.of(rising));
        assertEquals(LegendPosition.InsideNW, best, "the first free place in matplotlib's order");
        // falling: the upper right is free, and comes first
        LegendPlacement.Trace falling = new LegendPlacement.Trace(new double[]{60, 300, 540}, new double[]{30, 170, 310}, true);
        assertEquals(LegendPosition.InsideNE, LegendPlacement.best(plot, 100, 50, List.of(falling)));
        // a segment crossing a box counts even with no point inside it
        Rectangle2D upperRight = LegendPlacement.box(LegendPosition.InsideNE, plot, 100, 50);
        assertEquals(1, LegendPlacement.covered(upperRight, List.of(new LegendPlacement.Trace(
                new double[]{300, 560}, new double[]{60, 40}, true))));
        assertEquals(0, LegendPlacement.covered(upperRight, List.of(new LegendPlacement.Trace(
                new double[]{300, 560}, new double[]{60, 40}, false))), "scatter points are not joined");
    }

    @Test
    void legendDoesNotCoverTheLastPointsOfARisingCurve() {
        Figure figure = Plot.figure("accuracy").xLabel("epoch").yLabel("accuracy")
                .line("Train Adam", TRAIN).line("Test Adam", VALIDATION).dashed();
        BufferedImage image = Pictures.image(figure, 1);
        figure.save(OUT.resolve("legend-rising.png"));
        Rectangle2D legend = figure.drawn().legendBox();
        assertNotEquals(LegendPosition.InsideNE, figure.drawn().legend(), "XChart's default spot is where the curves end");
        XYSeries train = figure.chart().getSeriesMap().get("Train Adam");
        Color blue = Style.COLORS[0];
        for (int i = TRAIN.length - 3; i < TRAIN.length; i++) {
            double x = figure.chart().getScreenXFromChart(train.getXData()[i]);
            double y = figure.chart().getScreenYFromChart(train.getYData()[i]);
            assertFalse(legend.contains(x, y), "epoch " + (i + 1) + " at " + x + "," + y + " is under the legend " + legend);
            assertTrue(near(image, (int) Math.round(x), (int) Math.round(y), blue), "the curve is drawn (not covered) at epoch " + (i + 1));
        }
        // the legend really is where the figure says: its border is drawn there
        int lx = (int) legend.getX();
        int ly = (int) (legend.getY() + legend.getHeight() / 2);
        assertTrue(near(image, lx, ly, new Color(0xcccccc)), "legend border at " + lx + "," + ly);
    }

    @Test
    void legendPlaceCanBeChosenAsInMatplotlib() {
        Figure figure = Plot.figure().line("a", TRAIN).legend("upper right");
        Pictures.image(figure, 1);
        assertEquals(LegendPosition.InsideNE, figure.drawn().legend());
        figure.legend("outside");
        Pictures.image(figure, 1);
        assertEquals(LegendPosition.OutsideE, figure.drawn().legend());
        assertNull(figure.drawn().legendBox());
        var e = assertThrows(IllegalArgumentException.class, () -> figure.legend("top"));
        assertTrue(e.getMessage().contains("upper left"), e.getMessage());
    }

    @Test
    void ticksShareTheirDecimalsAndEpochsAreWholeNumbers() {
        Figure accuracy = Plot.figure().line("train", TRAIN);
        Pictures.image(accuracy, 1);
        assertEquals("#,##0", accuracy.drawn().xPattern(), "epochs 1..10 get whole-number ticks");
        assertTrue(accuracy.drawn().yPattern().matches("#,##0\\.0+"), "0.90 beside 1.00: " + accuracy.drawn().yPattern());
        Figure function = Plot.function(x -> x * Math.sin(x * x), -2.5, 2.5);
        Pictures.image(function, 1);
        assertEquals("#,##0.0", function.drawn().xPattern(), "steps of 0.5: -2.5, -2.0, …");
        Figure fixed = Plot.figure().line("a", TRAIN).yLim(0, 1);
        Pictures.image(fixed, 1);
        assertEquals("#,##0.0", fixed.drawn().yPattern());
        assertEquals(0.0, fixed.chart().getStyler().getYAxisMin(), "limits the user set stay");
        assertNull(accuracy.chart().getStyler().getYAxisMin(), "automatic limits are not kept in the styler");
    }

    @Test
    void twoEpochHistoriesGetMoreThanTwoYTicks() {
        // XChart alone ticks only the data's own values when they are equally spaced: two points, two ticks
        Figure figure = Plot.figure("loss").size(460, 340).line("train", new double[]{0.61, 0.35});
        BufferedImage image = Pictures.image(figure, 1);
        figure.save(OUT.resolve("two-epochs.png"));
        assertTrue(gridLines(image, figure) >= 4, "y grid lines: " + gridLines(image, figure));
        Figure constant = Plot.figure().line("accuracy", new double[]{0.1135, 0.1135, 0.1135});
        BufferedImage flat = Pictures.image(constant, 1);
        constant.save(OUT.resolve("flat.png"));
        assertTrue(gridLines(flat, constant) >= 3, "a flat curve still gets a scale: " + gridLines(flat, constant) + " " + constant.drawn());
    }

    @Test
    void limitsBreakEqualSpacingAndWidenConstants() {
        double[] limits = Ticks.limits(0.9, 1.0);
        assertEquals(0.899, limits[0], 1e-12);
        assertEquals(1.001, limits[1], 1e-12);
        assertEquals(0.95, Ticks.limits(1, 1)[0], 1e-12);
        assertEquals(-0.05, Ticks.limits(0, 0)[0], 1e-12);
        assertEquals(2, Ticks.decimals(0.1, 300, 44), "a step of 0.01 or 0.02");
        assertEquals(1, Ticks.decimals(5, 550, 74), "-2.5 … 2.5 in steps of 0.5");
        assertEquals(0, Ticks.decimals(1000, 500, 74));
        assertEquals("#,##0.00", Ticks.pattern(2));
    }

    /** Horizontal grid lines crossing the plot's left edge (where no series is drawn). */
    private static int gridLines(BufferedImage image, Figure figure) {
        Rectangle2D legend = figure.drawn().legendBox();
        Rectangle2D plot = figure.drawn().plot();
        int x = (int) plot.getX() + 4;
        int lines = 0;
        boolean inLine = false;
        for (int y = (int) plot.getY() + 2; y < plot.getMaxY() - 2; y++) {
            boolean underLegend = legend != null && y >= legend.getY() - 2 && y <= legend.getMaxY() + 2;
            boolean grid = !underLegend && (image.getRGB(x, y) & 0xffffff) != 0xffffff && isGrey(image.getRGB(x, y));
            if (grid && !inLine) {
                lines++;
            }
            inLine = grid;
        }
        return lines;
    }

    private static boolean isGrey(int rgb) {
        int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
        return r == g && g == b && r > 0xc0;
    }

    private static boolean near(BufferedImage image, int x, int y, Color colour) {
        for (int dx = -2; dx <= 2; dx++) {
            for (int dy = -2; dy <= 2; dy++) {
                int rgb = image.getRGB(x + dx, y + dy);
                if (Math.abs(((rgb >> 16) & 0xff) - colour.getRed()) < 40 && Math.abs(((rgb >> 8) & 0xff) - colour.getGreen()) < 40
                        && Math.abs((rgb & 0xff) - colour.getBlue()) < 40) {
                    return true;
                }
            }
        }
        return false;
    }
}
