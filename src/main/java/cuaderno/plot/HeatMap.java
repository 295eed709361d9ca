package cuaderno.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.font.FontRenderContext;
import java.awt.geom.AffineTransform;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A grid of values as coloured cells, each annotated with its value (seaborn's {@code heatmap(annot=True)}): row 0
 * on top, rows and columns labelled, a colour bar on the right. NaN cells (a run that did not finish) stay blank
 * and read "–".
 */
public final class HeatMap implements Picture {

    private static final int LEFT = 80;
    private static final int TOP = 40;
    private static final int BOTTOM = 60;
    private static final int BAR = 70;
    /** Measures label text before anything is drawn (the picture's size depends on its labels). */
    private static final FontRenderContext MEASURE = new FontRenderContext(null, true, true);

    private final double[][] values;
    private String[] rowLabels;
    private String[] columnLabels;
    private String title = "";
    private String xLabel = "";
    private String yLabel = "";
    private String format = "%.2f";
    private Colormap colormap = Colormap.VIRIDIS;
    private final int cellSize;
    /** Set by {@link #size}; otherwise the size follows the cells and their labels. */
    private int width;
    private int height;

    HeatMap(double[][] values) {
        if (values.length == 0 || values[0].length == 0) {
            throw new IllegalArgumentException("a heatmap needs at least one row and one column");
        }
        for (double[] row : values) {
            if (row.length != values[0].length) {
                throw new IllegalArgumentException("every row of a heatmap must have the same number of values ("
                        + values[0].length + "), found one with " + row.length);
            }
        }
        this.values = Arrays.stream(values).map(double[]::clone).toArray(double[][]::new);
        this.rowLabels = numbers(values.length);
        this.columnLabels = numbers(values[0].length);
        this.cellSize = Math.max(24, Math.min(60, 420 / Math.max(rows(), columns())));
    }

    public HeatMap title(String title) {
        this.title = title;
        return this;
    }

    public HeatMap xLabel(String label) {
        this.xLabel = label;
        return this;
    }

    public HeatMap yLabel(String label) {
        this.yLabel = label;
        return this;
    }

    /** Labels for the rows, top to bottom. */
    public HeatMap rowLabels(String... labels) {
        this.rowLabels = checkLabels("rowLabels", labels, rows());
        return this;
    }

    /** Labels for the rows from a list: names, or numbers such as layer sizes (shown as written). */
    public HeatMap rowLabels(List<?> labels) {
        return rowLabels(Labels.of(labels));
    }

    /** Labels for the columns, left to right; long ones are drawn slanted so that they do not overlap. */
    public HeatMap columnLabels(String... labels) {
        this.columnLabels = checkLabels("columnLabels", labels, columns());
        return this;
    }

    /** Labels for the columns from a list: names, or numbers such as learning rates (shown as written). */
    public HeatMap columnLabels(List<?> labels) {
        return columnLabels(Labels.of(labels));
    }

    /**
     * The same labels for rows and columns, as a confusion matrix has:
     * {@code model.confusionMatrix(x, y).labels(FashionMnist.CLASS_NAMES)}.
     */
    public HeatMap labels(String... labels) {
        return rowLabels(labels).columnLabels(labels);
    }

    public HeatMap labels(List<?> labels) {
        return labels(Labels.of(labels));
    }

    /** How each cell's value is written, as in {@code String.format}: "%.2f" (default), "%.0f" for counts. */
    public HeatMap format(String format) {
        String.format(Locale.ROOT, format, 1.0); // fails now, with Java's message, if the pattern is wrong
        this.format = format;
        return this;
    }

    public HeatMap cmap(String name) {
        colormap = Colormap.named(name);
        return this;
    }

    public HeatMap size(int width, int height) {
        if (width < LEFT + BAR + 20 || height < TOP + BOTTOM + 20) {
            throw new IllegalArgumentException("a heatmap needs at least " + (LEFT + BAR + 20) + " × " + (TOP + BOTTOM + 20) + " pixels");
        }
        this.width = width;
        this.height = height;
        return this;
    }

    public int rows() {
        return values.length;
    }

    public int columns() {
        return values[0].length;
    }

    public double value(int row, int column) {
        return values[row][column];
    }

    /** The text written in a cell. */
    public String label(int row, int column) {
        double v = values[row][column];
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, format, v);
    }

    @Override
    public int width() {
        return width > 0 ? width : left() + columns() * cellSize + BAR;
    }

    @Override
    public int height() {
        return height > 0 ? height : TOP + rows() * cellSize + bottom(cellSize);
    }

    /** Room for the row labels and the y label. */
    private int left() {
        return Math.max(LEFT, (int) Math.ceil(widest(rowLabels)) + 34);
    }

    /** Whether column labels this wide are drawn slanted: when the widest would run into its neighbour. */
    private boolean slanted(double cellWidth) {
        return widest(columnLabels) > cellWidth - 6;
    }

    /** Room under the cells for the column labels (slanted at 45° when long) and the x label. */
    private int bottom(double cellWidth) {
        if (!slanted(cellWidth)) {
            return BOTTOM;
        }
        double lineHeight = Style.TICKS.getLineMetrics("Xg", MEASURE).getHeight();
        return (int) Math.ceil(10 + (widest(columnLabels) + lineHeight) * Math.sqrt(0.5)) + (xLabel.isEmpty() ? 8 : 30);
    }

    /** The width of the widest label in tick-label type. */
    private static double widest(String[] labels) {
        return Arrays.stream(labels).mapToDouble(text -> Style.TICKS.getStringBounds(text, MEASURE).getWidth()).max().orElse(0);
    }

    @Override
    public void paint(Graphics2D g, int width, int height) {
        double[] range = range();
        int left = left();
        double cellW = (width - left - BAR) / (double) columns();
        int bottom = bottom(cellW);
        double cellH = (height - TOP - bottom) / (double) rows();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        Font cellFont = Style.TICKS.deriveFont((float) Math.max(8, Math.min(13, Math.min(cellW / 4.5, cellH / 2.2))));
        for (int r = 0; r < rows(); r++) {
            for (int c = 0; c < columns(); c++) {
                int x0 = left + (int) Math.round(c * cellW);
                int y0 = TOP + (int) Math.round(r * cellH);
                int w = left + (int) Math.round((c + 1) * cellW) - x0;
                int h = TOP + (int) Math.round((r + 1) * cellH) - y0;
                double v = values[r][c];
                Color fill = Double.isNaN(v) ? new Color(0xf0f0f0) : new Color(colormap.rgb((v - range[0]) / (range[1] - range[0])));
                g.setColor(fill);
                g.fillRect(x0, y0, w, h);
                g.setFont(cellFont);
                g.setColor(luminance(fill) > 0.5 ? Color.BLACK : Color.WHITE);
                centred(g, label(r, c), x0 + w / 2.0, y0 + h / 2.0);
            }
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(left, TOP, width - left - BAR, height - TOP - bottom);
        g.setFont(Style.TICKS);
        FontMetrics metrics = g.getFontMetrics();
        boolean slanted = slanted(cellW);
        for (int c = 0; c < columns(); c++) {
            double x = left + (c + 0.5) * cellW;
            if (slanted) {
                // matplotlib's xticks(rotation=45, ha="right"): the label ends under its column
                AffineTransform saved = g.getTransform();
                g.translate(x, height - bottom + 8);
                g.rotate(-Math.PI / 4);
                g.drawString(columnLabels[c], -metrics.stringWidth(columnLabels[c]),
                        (float) ((metrics.getAscent() - metrics.getDescent()) / 2.0));
                g.setTransform(saved);
            } else {
                centred(g, columnLabels[c], x, height - bottom + 12);
            }
        }
        for (int r = 0; r < rows(); r++) {
            String label = rowLabels[r];
            g.drawString(label, left - 6 - metrics.stringWidth(label), (float) (TOP + (r + 0.5) * cellH + metrics.getAscent() / 2.0 - 2));
        }
        g.setFont(Style.LABEL);
        centred(g, xLabel, left + (width - left - BAR) / 2.0, slanted ? height - 16 : height - bottom + 36);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        centred(g, yLabel, -(TOP + (height - TOP - bottom) / 2.0), 14);
        g.setTransform(saved);
        g.setFont(Style.TITLE);
        centred(g, title, left + (width - left - BAR) / 2.0, TOP / 2.0);
        colourBar(g, range, width - BAR + 14, TOP, height - TOP - bottom);
    }

    private void colourBar(Graphics2D g, double[] range, int x, int top, int length) {
        for (int i = 0; i < length; i++) {
            g.setColor(new Color(colormap.rgb(1 - i / (double) (length - 1))));
            g.fillRect(x, top + i, 14, 1);
        }
        g.setColor(Color.BLACK);
        g.drawRect(x, top, 14, length);
        g.setFont(Style.TICKS.deriveFont(10f));
        g.drawString(String.format(Locale.ROOT, format, range[1]), x + 18, top + 9);
        g.drawString(String.format(Locale.ROOT, format, range[0]), x + 18, top + length);
    }

    private double[] range() {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] row : values) {
            for (double v : row) {
                if (!Double.isNaN(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (lo == Double.POSITIVE_INFINITY) {
            return new double[]{0, 1};
        }
        return hi > lo ? new double[]{lo, hi} : new double[]{lo - 0.5, lo + 0.5};
    }

    private static void centred(Graphics2D g, String text, double cx, double cy) {
        if (text == null || text.isEmpty()) {
            return;
        }
        FontMetrics m = g.getFontMetrics();
        g.drawString(text, (float) (cx - m.stringWidth(text) / 2.0), (float) (cy + (m.getAscent() - m.getDescent()) / 2.0));
    }

    private static double luminance(Color c) {
        return (0.299 * c.getRed() + 0.587 * c.getGreen() + 0.114 * c.getBlue()) / 255;
    }

    private static String[] numbers(int n) {
        String[] labels = new String[n];
        for (int i = 0; i < n; i++) {
            labels[i] = String.valueOf(i);
        }
        return labels;
    }

    private static String[] checkLabels(String what, String[] labels, int n) {
        if (labels.length != n) {
            throw new IllegalArgumentException(what + " got " + labels.length + " labels for " + n + (n == 1 ? " entry" : " entries"));
        }
        return labels.clone();
    }

    @Override
    public String toString() {
        return "HeatMap " + rows() + " × " + columns() + (title.isEmpty() ? "" : " \"" + title + "\"");
    }
}
