package cuaderno.plot;

import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Images in rows × columns with an optional title over each (matplotlib's {@code subplots} + {@code imshow}):
 * <pre>{@code Plot.images(train.images(), 2, 5).cmap("Greys").titles(i -> "label " + train.label(i)); }</pre>
 * Each image is scaled to its own min..max, as {@code imshow} does, unless {@link #range} fixes the scale.
 */
public final class ImageGrid implements Picture {

    private static final int TITLE_HEIGHT = 20;
    private static final int GAP = 10;

    private final List<double[][]> images;
    private final int rows;
    private final int columns;
    private Colormap colormap = Colormap.VIRIDIS;
    private IntFunction<String> titles;
    private Double min;
    private Double max;
    private int cell = 100;

    ImageGrid(List<double[][]> images, int rows, int columns) {
        if (rows < 1 || columns < 1) {
            throw new IllegalArgumentException("an image grid needs at least 1 row and 1 column, not " + rows + " × " + columns);
        }
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no images to show");
        }
        this.images = List.copyOf(images.subList(0, Math.min(images.size(), rows * columns)));
        this.rows = rows;
        this.columns = columns;
    }

    /** The colour map by matplotlib name: "Greys" (ink on paper), "gray", "viridis" (imshow's default). */
    public ImageGrid cmap(String name) {
        colormap = Colormap.named(name);
        return this;
    }

    /** A title over image {@code i} (0-based), e.g. its label. */
    public ImageGrid titles(IntFunction<String> title) {
        titles = title;
        return this;
    }

    /** Titles over the images, in order. */
    public ImageGrid titles(String... title) {
        return titles(i -> i < title.length ? title[i] : "");
    }

    /** Titles over the images, in order: names, labels, or numbers (shown as written). */
    public ImageGrid titles(List<?> title) {
        return titles(Labels.of(title));
    }

    /** One fixed scale for all images: {@code min} gets the map's first colour, {@code max} its last. */
    public ImageGrid range(double min, double max) {
        if (!(min < max)) {
            throw new IllegalArgumentException("range(" + min + ", " + max + "): min must be smaller than max");
        }
        this.min = min;
        this.max = max;
        return this;
    }

    /** Side of each image in pixels at normal size (default 100). */
    public ImageGrid cellSize(int pixels) {
        if (pixels < 8) {
            throw new IllegalArgumentException("cellSize must be at least 8 pixels, not " + pixels);
        }
        cell = pixels;
        return this;
    }

    @Override
    public int width() {
        return columns * cell + (columns + 1) * GAP;
    }

    @Override
    public int height() {
        return rows * (cell + titleHeight()) + (rows + 1) * GAP;
    }

    private int titleHeight() {
        return titles == null ? 0 : TITLE_HEIGHT;
    }

    @Override
    public void paint(Graphics2D g, int width, int height) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.setFont(Style.TICKS.deriveFont(12f));
        FontMetrics metrics = g.getFontMetrics();
        for (int i = 0; i < images.size(); i++) {
            int x = GAP + (i % columns) * (cell + GAP);
            int y = GAP + (i / columns) * (cell + titleHeight() + GAP);
            if (titles != null) {
                String title = String.valueOf(titles.apply(i));
                g.setColor(Color.BLACK);
                g.drawString(title, x + (cell - metrics.stringWidth(title)) / 2, y + TITLE_HEIGHT - 6);
            }
            int top = y + titleHeight();
            g.drawImage(bitmap(images.get(i)), x, top, cell, cell, null);
            g.setColor(new Color(0x444444));
            g.drawRect(x, top, cell, cell);
        }
    }

    private BufferedImage bitmap(double[][] image) {
        double lo = min != null ? min : Double.POSITIVE_INFINITY;
        double hi = max != null ? max : Double.NEGATIVE_INFINITY;
        if (min == null) {
            for (double[] row : image) {
                for (double v : row) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        double span = hi > lo ? hi - lo : 1;
        BufferedImage bitmap = new BufferedImage(image[0].length, image.length, BufferedImage.TYPE_INT_RGB);
        for (int r = 0; r < image.length; r++) {
            for (int c = 0; c < image[r].length; c++) {
                bitmap.setRGB(c, r, colormap.rgb((image[r][c] - lo) / span));
            }
        }
        return bitmap;
    }

    @Override
    public String toString() {
        return "ImageGrid of " + images.size() + " images in " + rows + " × " + columns + " (" + colormap.name().toLowerCase() + ")";
    }
}
