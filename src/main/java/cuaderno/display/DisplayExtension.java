package cuaderno.display;

import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Teaches the kernel's renderer registry about {@link Displayable}, ND4J arrays (numpy-like text) and DL4J models
 * (their summary). Registered through jjava-jupyter's extension SPI (META-INF/services), so it works the same in a
 * stock JJava kernel that loads this jar with %maven.
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
        kernel.getRenderer()
                .createRegistration(INDArray.class)
                .preferring("text/plain")
                .register((array, context) -> context.getOutputContainer().putText(ArrayText.format(array)));
        kernel.getRenderer()
                .createRegistration(MultiLayerNetwork.class)
                .preferring("text/plain")
                .register((net, context) -> context.getOutputContainer().putText(net.summary()));
        kernel.getRenderer()
                .createRegistration(ComputationGraph.class)
                .preferring("text/plain")
                .register((net, context) -> context.getOutputContainer().putText(net.summary()));
    }
}
