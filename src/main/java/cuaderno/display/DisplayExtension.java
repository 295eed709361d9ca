package cuaderno.display;

import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/**
 * Teaches the kernel's renderer registry about {@link Displayable}. Registered through jjava-jupyter's extension
 * SPI (META-INF/services), so it works the same in a stock JJava kernel that loads this jar with %maven.
 */
public final class DisplayExtension implements Extension {

    @Override
    public void install(BaseKernel kernel) {
        kernel.getRenderer()
                .createRegistration(Displayable.class)
                .preferring("*")
                .register((value, context) -> {
                    DisplayData bundle = value.toMimeBundle().toDisplayData();
                    context.getOutputContainer().assign(bundle);
                });
    }
}
