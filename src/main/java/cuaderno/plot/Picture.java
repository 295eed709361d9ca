package cuaderno.plot;

import cuaderno.display.Displayable;
import cuaderno.display.MimeBundle;

import java.awt.Graphics2D;
import java.nio.file.Path;

/**
 * Something drawn: a chart, an image grid, a heatmap. Shows inline as a PNG at double resolution (sharp on any
 * screen, and what nbconvert's PDF route can use) and saves to PNG, SVG or PDF.
 */
public interface Picture extends Displayable {

    /** Width in (CSS) pixels at normal size. */
    int width();

    /** Height in (CSS) pixels at normal size. */
    int height();

    /** Draws the picture onto {@code g} in a {@code width} × {@code height} area. */
    void paint(Graphics2D g, int width, int height);

    /** PNG at twice the size, with metadata to show it at {@link #width()} × {@link #height()}. */
    @Override
    default MimeBundle toMimeBundle() {
        return MimeBundle.text(toString()).png(Pictures.png(this, 2), width(), height());
    }

    /** Saves as PNG (twice the size, for print), SVG or PDF, as the file's extension says; returns the path. */
    default Path save(String file) {
        return save(Path.of(file));
    }

    /** Saves as PNG, SVG or PDF, as the file's extension says; returns the path. */
    default Path save(Path file) {
        return Pictures.save(this, file);
    }
}
