package cuaderno.plot;

import cuaderno.data.FashionMnist;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYSeries;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every series overload takes the numbers as a lesson holds them and draws the same series. */
class SeriesOverloadsTest {

    private static final Set<String> KINDS = Set.of("double[]", "float[]", "int[]", "long[]", "List", "INDArray",
            "NumericColumn");

    /** x = 1, 2, 3 and y = 4, 5, 6 in the kind a parameter asks for. */
    private static Object sample(Class<?> type, boolean isX) {
        int[] v = isX ? new int[]{1, 2, 3} : new int[]{4, 5, 6};
        if (type == String.class) {
            return "series";
        } else if (type == double[].class) {
            return Arrays.stream(v).asDoubleStream().toArray();
        } else if (type == float[].class) {
            return new float[]{v[0], v[1], v[2]};
        } else if (type == int[].class) {
            return v;
        } else if (type == long[].class) {
            return Arrays.stream(v).asLongStream().toArray();
        } else if (type == List.class) {
            return isX ? List.of(1, 2, 3) : List.of(4.0, 5.0, 6.0);   // what a loop collects: steps and losses
        } else if (type.getSimpleName().equals("INDArray")) {
            // a row for x, a column for y: both are one series
            return isX ? Nd4j.createFromArray(new float[][]{{1, 2, 3}}) : Nd4j.createFromArray(new double[][]{{4}, {5}, {6}});
        } else if (type == NumericColumn.class) {
            return isX ? IntColumn.create("step", v) : DoubleColumn.create("loss", 4, 5, 6);
        }
        throw new AssertionError("no sample for " + type);
    }

    private static String kind(Class<?> type) {
        return type.isArray() ? type.getSimpleName() : type.getSimpleName().replaceAll("<.*", "");
    }

    @Test
    void everyEntryPointTakesEveryKindOfNumbers() throws Exception {
        Map<String, Set<String>> kindsBySignature = new TreeMap<>();
        int checked = 0;
        List<Method> methods = new ArrayList<>(Arrays.asList(Figure.class.getMethods()));
        methods.addAll(Arrays.asList(Plot.class.getMethods()));
        for (Method method : methods) {
            if (!Set.of("line", "scatter", "path").contains(method.getName())) {
                continue;
            }
            boolean isStatic = Modifier.isStatic(method.getModifiers());
            Class<?>[] types = method.getParameterTypes();
            boolean named = types[0] == String.class;
            int numbers = types.length - (named ? 1 : 0);
            Object[] args = new Object[types.length];
            for (int i = 0; i < types.length; i++) {
                boolean isX = numbers == 2 && i == (named ? 1 : 0);
                args[i] = sample(types[i], isX);
            }
            Figure figure = (Figure) method.invoke(isStatic ? null : Plot.figure(), args);
            XYSeries series = figure.chart().getSeriesMap().values().iterator().next();
            String signature = (isStatic ? "Plot." : "Figure.") + method.getName() + (named ? "(name, " : "(")
                    + (numbers == 2 ? "x, y)" : "y)");
            assertArrayEquals(new double[]{1, 2, 3}, series.getXData(), signature + " " + Arrays.toString(types));
            assertArrayEquals(new double[]{4, 5, 6}, series.getYData(), signature + " " + Arrays.toString(types));
            kindsBySignature.computeIfAbsent(signature, k -> new TreeSet<>()).add(kind(types[types.length - 1]));
            checked++;
        }
        assertEquals(List.of("Figure.line(name, x, y)", "Figure.line(name, y)", "Figure.line(x, y)", "Figure.line(y)",
                        "Figure.path(name, x, y)", "Figure.path(x, y)", "Figure.scatter(name, x, y)",
                        "Figure.scatter(x, y)", "Plot.line(x, y)", "Plot.line(y)", "Plot.scatter(x, y)"),
                new ArrayList<>(kindsBySignature.keySet()));
        kindsBySignature.forEach((signature, kinds) -> assertEquals(KINDS, kinds, signature));
        assertEquals(11 * KINDS.size(), checked);
    }

    @Test
    void theTypesALessonHoldsCompileWithoutConversion() {
        List<Integer> steps = new ArrayList<>(List.of(1, 51, 101));
        List<Double> losses = new ArrayList<>(List.of(2.3, 0.9, 0.4));
        Figure figure = Plot.figure("Funcion de Costo").axis(0, 1000, 0, 3).scatter(steps, losses);
        assertArrayEquals(new double[]{1, 51, 101}, figure.chart().getSeriesMap().get("series 1").getXData());

        Table table = Table.create("history", IntColumn.create("epoch", 1, 2), DoubleColumn.create("loss", 0.5, 0.3));
        figure = Plot.line(table.intColumn("epoch"), table.doubleColumn("loss"));
        assertArrayEquals(new double[]{0.5, 0.3}, figure.chart().getSeriesMap().get("series 1").getYData());
        figure = Plot.figure().line("loss", table.nCol("loss"));
        assertArrayEquals(new double[]{1, 2}, figure.chart().getSeriesMap().get("loss").getXData());
    }

    @Test
    void missingValuesAreGapsAndMatricesAreRefused() {
        List<Double> withGap = new ArrayList<>(Arrays.asList(1.0, null, 3.0));
        assertTrue(Double.isNaN(Numbers.of(withGap)[1]));
        DoubleColumn column = DoubleColumn.create("c", 1, 2);
        column.appendMissing();
        assertTrue(Double.isNaN(Numbers.of(column)[2]));
        IntColumn ints = IntColumn.create("i", 1);
        ints.appendMissing();
        assertTrue(Double.isNaN(Numbers.of(ints)[1]));
        assertArrayEquals(new double[]{7}, Numbers.of(Nd4j.scalar(7.0)));
        var e = assertThrows(IllegalArgumentException.class, () -> Plot.line(Nd4j.zeros(3, 4)));
        assertTrue(e.getMessage().contains("shape [3, 4]") && e.getMessage().contains("getRow(i)"), e.getMessage());
    }

    @Test
    void labelsComeFromListsOfNamesOrNumbers() {
        HeatMap confusion = Plot.confusionMatrix(new int[]{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, new int[]{0, 1, 2, 3, 4, 5, 6, 7, 8, 8})
                .labels(FashionMnist.CLASS_NAMES);
        assertEquals(10, confusion.rows());
        HeatMap grid = Plot.heatmap(new double[][]{{0.9, 0.95}, {0.8, 0.85}})
                .rowLabels(List.of(16, 32)).columnLabels(List.of(0.001, 0.1));
        assertEquals("16", Labels.of(List.of(16, 32))[0]);
        assertArrayEquals(new String[]{"0.001", "0.1", "100"}, Labels.of(List.of(0.001, 0.1f, 100.0)));
        grid.rowLabels("a", "b").columnLabels(List.of("x", "y"));
        var e = assertThrows(IllegalArgumentException.class, () -> grid.columnLabels(FashionMnist.CLASS_NAMES));
        assertTrue(e.getMessage().contains("10 labels for 2 entries"), e.getMessage());
        ImageGrid images = Plot.images(Nd4j.zeros(2, 28, 28), 1, 2).titles(List.of(7, 2));
        assertTrue(images.toString().startsWith("ImageGrid of 2"));
    }

    @Test
    void longColumnLabelsAreSlantedAndGetRoomBelowTheCells() {
        HeatMap plain = Plot.heatmap(new double[10][10]);
        HeatMap named = Plot.heatmap(new double[10][10]).labels(FashionMnist.CLASS_NAMES);
        assertTrue(named.height() > plain.height(), "room for slanted labels: " + named.height() + " vs " + plain.height());
        assertTrue(named.width() > plain.width(), "room for 'T-shirt/top' left of the rows");
        // a label slanted at 45° ends under its own column: nothing is drawn far right of the last column's centre
        var image = Pictures.image(named, 1);
        int right = named.width() - 70;   // the colour bar's gap starts here
        for (int y = named.height() - 60; y < named.height() - 20; y++) {
            for (int x = right + 2; x < right + 10; x++) {
                assertEquals(0xffffff, image.getRGB(x, y) & 0xffffff, "label ink right of the cells at " + x + "," + y);
            }
        }
    }

    @Test
    void savesToAPath() throws Exception {
        Path file = Files.createTempDirectory("plot").resolve("curve.png");
        assertEquals(file, Plot.line(new double[]{1, 2}).save(file));
        assertTrue(Files.size(file) > 1000);
    }
}
