package cuaderno.plot;

import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.util.List;

/** Several pictures side by side in columns, wrapping into rows (matplotlib's {@code subplots}). */
public final class Grid implements Picture {

    private final List<Picture> pictures;
    private final int columns;

    Grid(int columns, List<Picture> pictures) {
        if (columns < 1) {
            throw new IllegalArgumentException("a grid needs at least one column, not " + columns);
        }
        if (pictures.isEmpty()) {
            throw new IllegalArgumentException("a grid needs at least one picture");
        }
        this.columns = Math.min(columns, pictures.size());
        this.pictures = List.copyOf(pictures);
    }

    public List<Picture> pictures() {
        return pictures;
    }

    private int cellWidth() {
        return pictures.stream().mapToInt(Picture::width).max().orElseThrow();
    }

    private int cellHeight() {
        return pictures.stream().mapToInt(Picture::height).max().orElseThrow();
    }

    private int rows() {
        return (pictures.size() + columns - 1) / columns;
    }

    @Override
    public int width() {
        return columns * cellWidth();
    }

    @Override
    public int height() {
        return rows() * cellHeight();
    }

    @Override
    public void paint(Graphics2D g, int width, int height) {
        double scaleX = width / (double) width();
        double scaleY = height / (double) height();
        for (int i = 0; i < pictures.size(); i++) {
            Picture p = pictures.get(i);
            AffineTransform saved = g.getTransform();
            Shape clip = g.getClip();
            g.scale(scaleX, scaleY);
            g.translate((i % columns) * cellWidth(), (i / columns) * cellHeight());
            g.clipRect(0, 0, p.width(), p.height());
            p.paint(g, p.width(), p.height());
            g.setTransform(saved);
            g.setClip(clip);
        }
    }

    @Override
    public String toString() {
        return "Grid of " + pictures.size() + " pictures in " + rows() + " × " + columns;
    }
}
