package cuaderno.plot;

import de.erichseifert.vectorgraphics2d.Processor;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.eps.EPSProcessor;
import de.erichseifert.vectorgraphics2d.pdf.PDFProcessor;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Rendering a {@link Picture} to bitmaps and files. */
final class Pictures {

    static {
        // charts are drawn off screen: never look for an X server (kernels and CI have none)
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Pictures() {
    }

    static BufferedImage image(Picture picture, double scale) {
        int w = (int) Math.round(picture.width() * scale);
        int h = (int) Math.round(picture.height() * scale);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.scale(scale, scale);
            picture.paint(g, picture.width(), picture.height());
        } finally {
            g.dispose();
        }
        return image;
    }

    static byte[] png(Picture picture, double scale) {
        return png(image(picture, scale));
    }

    static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static Path save(Picture picture, Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String extension = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            switch (extension) {
                case "png" -> Files.write(file, png(picture, 2));
                case "svg" -> vector(picture, new SVGProcessor(), file);
                case "pdf" -> vector(picture, new PDFProcessor(true), file);
                case "eps" -> vector(picture, new EPSProcessor(), file);
                default -> throw new IllegalArgumentException("cannot save a picture as '" + file.getFileName()
                        + "': name the file .png, .svg or .pdf");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    private static void vector(Picture picture, Processor processor, Path file) throws IOException {
        VectorGraphics2D g = new VectorGraphics2D();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, picture.width(), picture.height());
        picture.paint(g, picture.width(), picture.height());
        PageSize page = new PageSize(0, 0, picture.width(), picture.height());
        try (OutputStream out = Files.newOutputStream(file)) {
            processor.getDocument(g.getCommands(), page).writeTo(out);
        }
    }
}
