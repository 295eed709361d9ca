package cuaderno.plot;

import cuaderno.data.Mnist;
import cuaderno.display.MimeBundle;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.nd4j.linalg.factory.Nd4j;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlotTest {

    /** Pictures land here too, to look at after a test run. */
    private static final Path OUT = Path.of("target", "plots");

    @Test
    void figureHoldsNamedSeriesAxesAndLegend() {
        double[] epochs = {0, 1, 2, 3};
        Figure figure = Plot.figure("accuracy").xLabel("epoch").yLabel("accuracy").yLim(0, 1)
                .line("Train Adam", epochs, new double[]{0.5, 0.8, 0.9, 0.95})
                .line("Test Adam", epochs, new double[]{0.6, 0.82, 0.88, 0.9}).dashed()
                .scatter("points", epochs, new double[]{0.1, 0.2, 0.3, 0.4}).color("red");
        XYChart chart = figure.chart();
        assertEquals(3, chart.getSeriesMap().size());
        assertEquals("epoch", chart.getXAxisTitle());
        assertEquals(0.0, chart.getStyler().getYAxisMin());
        assertEquals(1.0, chart.getStyler().getYAxisMax());
        assertTrue(chart.getStyler().isLegendVisible());
        assertEquals(XYSeries.XYSeriesRenderStyle.Scatter, chart.getSeriesMap().get("points").getXYSeriesRenderStyle());
        assertEquals(Style.color("red"), chart.getSeriesMap().get("points").getLineColor());
        assertArrayEquals(new double[]{0.6, 0.82, 0.88, 0.9}, chart.getSeriesMap().get("Test Adam").getYData());
        figure.save(OUT.resolve("figure.png").toString());
    }

    @Test
    void unnamedSeriesKeepTheLegendAwayAndCountFromOneLikeEpochs() {
        Figure figure = Plot.line(new double[]{3, 1, 2});
        XYChart chart = figure.chart();
        assertTrue(!chart.getStyler().isLegendVisible());
        assertArrayEquals(new double[]{1, 2, 3}, chart.getSeriesMap().values().iterator().next().getXData());
    }

    @Test
    void showsAsDoubleResolutionPngWithItsNormalSize() throws Exception {
        Figure figure = Plot.scatter(new double[]{1, 2}, new double[]{3, 4}).size(500, 300);
        MimeBundle bundle = figure.toMimeBundle();
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(
                Base64.getDecoder().decode((String) bundle.data().get("image/png"))));
        assertEquals(1000, png.getWidth());
        assertEquals(600, png.getHeight());
        assertEquals(Map.of("width", 500, "height", 300), bundle.metadata().get("image/png"));
        assertTrue(((String) bundle.data().get("text/plain")).startsWith("Figure"));
    }

    @Test
    void functionWithAPathOverIt() {
        double[] steps = {2.0, 1.5, 1.2};
        Figure figure = Plot.figure().function("J(x)", x -> x * Math.sin(x * x), -2.5, 2.5)
                .path("descent", steps, new double[]{-1.5, 1.2, 1.19}).color("red").xLim(-2.5, 2.5).yLim(-3, 3);
        XYSeries f = figure.chart().getSeriesMap().get("J(x)");
        assertEquals(400, f.getXData().length);
        assertEquals(-2.5, f.getXData()[0]);
        assertEquals(2.5 * Math.sin(6.25), f.getYData()[399], 1e-12);
        figure.save(OUT.resolve("function.png").toString());
    }

    @Test
    void badArgumentsSayWhatToDo() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Plot.line(new double[]{1, 2}, new double[]{1}));
        assertTrue(e.getMessage().contains("x has 2 values but y has 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Plot.figure().xLim(3, 1));
        assertTrue(e.getMessage().contains("smaller"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Plot.line(new double[]{1}).color("rojo"));
        assertTrue(e.getMessage().contains("unknown colour 'rojo'"), e.getMessage());
        var state = assertThrows(IllegalStateException.class, () -> Plot.figure().dashed());
        assertTrue(state.getMessage().contains("add a line"), state.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Plot.images(Nd4j.zeros(2, 5), 1, 2));
        assertTrue(e.getMessage().contains("[n, height, width]"), e.getMessage());
    }

    @Test
    void imageGridDrawsEachImageWithItsColourMap() {
        Mnist mnist = Mnist.sample();
        ImageGrid grid = Plot.images(mnist.train().images(), 2, 5).cmap("Greys")
                .titles(i -> "label " + mnist.train().label(i));
        assertEquals(5 * 100 + 6 * 10, grid.width());
        assertEquals(2 * 120 + 3 * 10, grid.height());
        BufferedImage image = Pictures.image(grid, 1);
        // Greys: background 0 is white; the brightest stroke pixel is black
        assertEquals(0xffffff, image.getRGB(10 + 2, 10 + 20 + 2) & 0xffffff);
        int[][] first = mnist.train().image(0);
        int r = 0;
        int c = 0;
        for (int i = 0; i < 28; i++) {
            for (int j = 0; j < 28; j++) {
                if (first[i][j] > first[r][c]) {
                    r = i;
                    c = j;
                }
            }
        }
        int x = 10 + (int) ((c + 0.5) * 100 / 28.0);
        int y = 30 + (int) ((r + 0.5) * 100 / 28.0);
        assertEquals(0x000000, image.getRGB(x, y) & 0xffffff);
        grid.save(OUT.resolve("digits.png").toString());
        Plot.images(mnist.test().pixels(), 1, 5).titles("7", "2", "1", "0", "4").save(OUT.resolve("viridis.png").toString());
    }

    @Test
    void colourMapsRunFromTheirFirstToTheirLastColour() {
        assertEquals(0xffffff, Colormap.named("Greys").rgb(0));
        assertEquals(0x000000, Colormap.named("Greys").rgb(1));
        assertEquals(0x000000, Colormap.named("gray").rgb(0));
        assertEquals(0x440154, Colormap.named("viridis").rgb(0));
        assertEquals(0xfde725, Colormap.named("viridis").rgb(1));
        assertThrows(IllegalArgumentException.class, () -> Colormap.named("jet"));
    }

    @Test
    void heatmapAnnotatesCellsAndLeavesUnfinishedRunsBlank() {
        HeatMap map = Plot.heatmap(new double[][]{{0.9, 0.95}, {0.1135, Double.NaN}})
                .rowLabels("16", "32").columnLabels("0.001", "0.1").xLabel("learning rate").yLabel("units")
                .format("%.3f");
        assertEquals("0.900", map.label(0, 0));
        assertEquals("0.114", map.label(1, 0), "rounded half up, as String.format does");
        assertEquals("–", map.label(1, 1));
        BufferedImage image = Pictures.image(map, 1);
        int cellW = (map.width() - 80 - 70) / 2;
        // the largest value takes viridis' last colour (yellow), the smallest its first (purple)
        assertEquals(0xfde725, image.getRGB(80 + cellW + 3, 40 + 3) & 0xffffff);
        assertEquals(0x440154, image.getRGB(80 + 3, 40 + (map.height() - 100) / 2 + 3) & 0xffffff);
        map.save(OUT.resolve("heatmap.png").toString());
        var e = assertThrows(IllegalArgumentException.class, () -> map.rowLabels("only one"));
        assertTrue(e.getMessage().contains("1 labels for 2 entries"), e.getMessage());
    }

    @Test
    void confusionMatrixCountsTrueAgainstPredicted() {
        HeatMap matrix = Plot.confusionMatrix(new int[]{0, 0, 1, 2, 2, 2}, new int[]{0, 1, 1, 2, 2, 0});
        assertEquals(3, matrix.rows());
        assertEquals(1, matrix.value(0, 0));
        assertEquals(1, matrix.value(0, 1));
        assertEquals(2, matrix.value(2, 2));
        assertEquals(1, matrix.value(2, 0));
        assertEquals("2", matrix.label(2, 2));
        HeatMap fromArrays = Plot.confusionMatrix(Nd4j.createFromArray(new float[][]{{0, 1}, {1, 0}}),
                Nd4j.createFromArray(new float[][]{{0.2f, 0.8f}, {0.3f, 0.7f}}));
        assertEquals(1, fromArrays.value(1, 1));
        assertEquals(1, fromArrays.value(0, 1));
        matrix.save(OUT.resolve("confusion.png").toString());
    }

    @Test
    void gridPutsPicturesSideBySide() {
        Figure a = Plot.line(new double[]{1, 2}).size(300, 200);
        Figure b = Plot.line(new double[]{2, 1}).size(300, 250);
        Grid grid = Plot.grid(2, a, b);
        assertEquals(600, grid.width());
        assertEquals(250, grid.height());
        assertEquals(300, Plot.grid(1, a, b).width());
        assertEquals(500, Plot.grid(1, a, b).height());
        grid.save(OUT.resolve("grid.png").toString());
    }

    @Test
    void savesPngSvgAndPdf() throws Exception {
        Figure figure = Plot.figure("saved").line("y", new double[]{1, 4, 9});
        Path png = figure.save(OUT.resolve("saved.png").toString());
        Path svg = figure.save(OUT.resolve("saved.svg").toString());
        Path pdf = figure.save(OUT.resolve("saved.pdf").toString());
        assertEquals(1280, ImageIO.read(png.toFile()).getWidth());
        assertTrue(Files.readString(svg).contains("<svg"));
        assertTrue(new String(Files.readAllBytes(pdf), 0, 5).startsWith("%PDF"));
        var e = assertThrows(IllegalArgumentException.class, () -> figure.save(OUT.resolve("saved.jpg").toString()));
        assertTrue(e.getMessage().contains(".png, .svg or .pdf"), e.getMessage());
    }
}
