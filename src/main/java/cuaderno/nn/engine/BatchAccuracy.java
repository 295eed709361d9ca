package cuaderno.nn.engine;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.function.ToLongBiFunction;

/**
 * Keras' running training accuracy without a second forward pass: during {@code fit}, DL4J hands listeners the
 * activations that enter the output layer (before this step's update); the output layer's own affine map on them
 * ranks the classes as its softmax would. Where that shortcut does not apply ({@link #appliesTo}), the caller runs
 * the forward pass itself.
 */
final class BatchAccuracy extends BaseTrainingListener {

    private final ToLongBiFunction<INDArray, INDArray> correctCount;
    private INDArray labels;
    private long correct = -1;

    BatchAccuracy(ToLongBiFunction<INDArray, INDArray> correctCount) {
        this.correctCount = correctCount;
    }

    /** Whether the output layer's input can be used as it is: no preprocessor sits in front of the output layer. */
    static boolean appliesTo(MultiLayerNetwork net) {
        return net.getLayerWiseConfigurations().getInputPreProcess(net.getnLayers() - 1) == null;
    }

    /** The labels of the batch about to be fitted. */
    void expect(INDArray batchLabels) {
        labels = batchLabels;
        correct = -1;
    }

    /** Correct answers in the batch just fitted, or -1 if the forward pass could not be used. */
    long counted() {
        return correct;
    }

    @Override
    public void onForwardPass(Model model, List<INDArray> activations) {
        MultiLayerNetwork net = (MultiLayerNetwork) model;
        int last = net.getnLayers() - 1;
        INDArray in = activations.get(activations.size() - 1);
        if (labels == null || in.rank() != 2) {
            return;
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            var output = net.getLayer(last);
            INDArray scores = output.paramTable().containsKey("W")
                    ? in.mmul(output.getParam("W")).addiRowVector(output.getParam("b"))
                    : in; // a loss layer: its activation (softmax) keeps the order of its input
            correct = correctCount.applyAsLong(scores, labels);
        }
    }
}
