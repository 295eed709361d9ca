package cuaderno.plot;

import org.knowm.xchart.internal.chartpart.Chart;
import org.nd4j.linalg.api.ndarray.INDArray;
import tech.tablesaw.api.NumericColumn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * Charts in one call each, named after matplotlib's: {@code Plot.line(y)}, {@code Plot.scatter(x, y)},
 * {@code Plot.images(x, 2, 5)}, {@code Plot.heatmap(grid)}, {@code Plot.confusionMatrix(actual, predicted)}. Series
 * take the numbers as a lesson holds them ({@code double[]}, {@code float[]}, {@code int[]}, {@code long[]}, a
 * {@code List} of numbers, an {@code INDArray} vector, a Tablesaw numeric column; see {@link Figure}). Every
 * result shows itself when it ends a cell, or with {@code display(...)}, and saves with {@code save("file.png")}.
 */
public final class Plot {

    private Plot() {
    }

    /** An empty figure to add lines, scatters and paths to. */
    public static Figure figure() {
        return new Figure(null);
    }

    /** An empty figure with a title (matplotlib's {@code plt.figure(); plt.title(title)}). */
    public static Figure figure(String title) {
        return new Figure(title);
    }

    /** {@code y} against 1, 2, 3, … (epochs and steps as Keras counts them; see {@link Figure}). */
    public static Figure line(double[] y) { return figure().line(y); }
    public static Figure line(float[] y) { return figure().line(y); }
    public static Figure line(int[] y) { return figure().line(y); }
    public static Figure line(long[] y) { return figure().line(y); }
    public static Figure line(List<? extends Number> y) { return figure().line(y); }
    public static Figure line(INDArray y) { return figure().line(y); }
    public static Figure line(NumericColumn<?> y) { return figure().line(y); }

    public static Figure line(double[] x, double[] y) { return figure().line(x, y); }
    public static Figure line(float[] x, float[] y) { return figure().line(x, y); }
    public static Figure line(int[] x, int[] y) { return figure().line(x, y); }
    public static Figure line(long[] x, long[] y) { return figure().line(x, y); }
    public static Figure line(List<? extends Number> x, List<? extends Number> y) { return figure().line(x, y); }
    public static Figure line(INDArray x, INDArray y) { return figure().line(x, y); }
    public static Figure line(NumericColumn<?> x, NumericColumn<?> y) { return figure().line(x, y); }

    public static Figure scatter(double[] x, double[] y) { return figure().scatter(x, y); }
    public static Figure scatter(float[] x, float[] y) { return figure().scatter(x, y); }
    public static Figure scatter(int[] x, int[] y) { return figure().scatter(x, y); }
    public static Figure scatter(long[] x, long[] y) { return figure().scatter(x, y); }
    public static Figure scatter(List<? extends Number> x, List<? extends Number> y) { return figure().scatter(x, y); }
    public static Figure scatter(INDArray x, INDArray y) { return figure().scatter(x, y); }
    public static Figure scatter(NumericColumn<?> x, NumericColumn<?> y) { return figure().scatter(x, y); }

    /** {@code f} over [from, to]: {@code Plot.function(x -> x * Math.sin(x * x), -2.5, 2.5)}. */
    public static Figure function(DoubleUnaryOperator f, double from, double to) {
        return figure().function(null, f, from, to);
    }

    /**
     * The first rows × columns images of {@code images}: shape [n, height, width], or [n, side²] with square images
     * flattened (784 = 28 × 28).
     */
    public static ImageGrid images(INDArray images, int rows, int columns) {
        return new ImageGrid(imageList(images, rows * columns), rows, columns);
    }

    /** Images given as rows of pixels, e.g. {@code digits.image(i)}. */
    public static ImageGrid images(List<int[][]> images, int rows, int columns) {
        List<double[][]> list = new ArrayList<>();
        for (int[][] image : images) {
            list.add(Arrays.stream(image).map(r -> Arrays.stream(r).asDoubleStream().toArray()).toArray(double[][]::new));
        }
        return new ImageGrid(list, rows, columns);
    }

    /** One image: [height, width], or a flattened square (784 values). */
    public static ImageGrid image(INDArray image) {
        INDArray one = image.rank() == 2 && !isSquareFlat(image.size(1)) ? image.reshape(1, image.size(0), image.size(1))
                : image.reshape(1, image.length());
        return images(one, 1, 1).cellSize(200);
    }

    public static ImageGrid image(int[][] image) {
        return images(java.util.Collections.singletonList(image), 1, 1).cellSize(200);
    }

    /** Values as coloured, annotated cells; rows top to bottom. */
    public static HeatMap heatmap(double[][] values) {
        return new HeatMap(values);
    }

    /**
     * Counts of each (actual, predicted) pair: rows are the true classes, columns the predicted ones, so the
     * diagonal holds the correct answers.
     */
    public static HeatMap confusionMatrix(int[] actual, int[] predicted) {
        if (actual.length != predicted.length) {
            throw new IllegalArgumentException("confusionMatrix: " + actual.length + " true labels but "
                    + predicted.length + " predictions; give one prediction per example");
        }
        int classes = 1 + Math.max(Arrays.stream(actual).max().orElse(0), Arrays.stream(predicted).max().orElse(0));
        double[][] counts = new double[classes][classes];
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] < 0 || predicted[i] < 0) {
                throw new IllegalArgumentException("confusionMatrix: classes are numbered from 0, found "
                        + Math.min(actual[i], predicted[i]) + " at example " + i);
            }
            counts[actual[i]][predicted[i]]++;
        }
        return heatmap(counts).format("%.0f").cmap("Blues").title("Confusion matrix")
                .xLabel("predicted").yLabel("true");
    }

    /**
     * The same from arrays as models give them: {@code labels} as class numbers [n] or one-hot [n, k],
     * {@code predictions} as class numbers or as probabilities [n, k] (the highest one wins).
     */
    public static HeatMap confusionMatrix(INDArray labels, INDArray predictions) {
        return confusionMatrix(classes(labels), classes(predictions));
    }

    /** Pictures side by side, {@code columns} per row: {@code Plot.grid(2, lossFigure, accuracyFigure)}. */
    public static Grid grid(int columns, Picture... pictures) {
        return new Grid(columns, List.of(pictures));
    }

    /** A chart built with XChart directly, to show or save like the others. */
    public static Picture of(Chart<?, ?> chart) {
        return new ChartPicture(chart);
    }

    static int[] classes(INDArray array) {
        if (array.rank() == 2 && array.size(1) > 1) {
            return array.argMax(1).toIntVector();
        }
        return array.reshape(array.length()).toIntVector();
    }

    private static List<double[][]> imageList(INDArray images, int limit) {
        INDArray stack;
        if (images.rank() == 3) {
            stack = images;
        } else if (images.rank() == 2 && isSquareFlat(images.size(1))) {
            int side = (int) Math.round(Math.sqrt(images.size(1)));
            stack = images.reshape(images.size(0), side, side);
        } else {
            throw new IllegalArgumentException("images must have shape [n, height, width] or [n, side²] (square images "
                    + "flattened), not " + Arrays.toString(images.shape()));
        }
        List<double[][]> list = new ArrayList<>();
        for (int i = 0; i < Math.min(limit, stack.size(0)); i++) {
            list.add(stack.slice(i).toDoubleMatrix());
        }
        return list;
    }

    private static boolean isSquareFlat(long n) {
        long side = Math.round(Math.sqrt(n));
        return side > 1 && side * side == n;
    }
}
