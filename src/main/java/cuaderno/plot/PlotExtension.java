package cuaderno.plot;

import cuaderno.display.MimeBundle;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.knowm.xchart.internal.chartpart.Chart;

import java.awt.image.BufferedImage;

/**
 * Shows bare XChart charts and Java images inline: charts as double-resolution PNG like our figures, images at
 * their own size. Registered through jjava-jupyter's extension SPI.
 */
public final class PlotExtension implements Extension {

    @Override
    public void install(BaseKernel kernel) {
        kernel.getRenderer()
                .createRegistration(Chart.class)
                .preferring("image/png")
                .register((chart, context) -> context.getOutputContainer()
                        .assign(new ChartPicture(chart).toMimeBundle().toDisplayData()));
        kernel.getRenderer()
                .createRegistration(BufferedImage.class)
                .preferring("image/png")
                .register((image, context) -> context.getOutputContainer()
                        .assign(imageBundle(image).toDisplayData()));
    }

    static MimeBundle imageBundle(BufferedImage image) {
        return MimeBundle.text("BufferedImage " + image.getWidth() + " × " + image.getHeight())
                .png(Pictures.png(image), image.getWidth(), image.getHeight());
    }
}
