package cuaderno.nn.engine;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.function.ToLongBiFunction;

/**
 * Steps through DL4J's own {@code MultiLayerNetwork.fit}, batch by batch: every layer, loss and optimiser DL4J has.
 * It is the reference the fast engine is held to, and what trains whatever the fast engine does not cover.
 */
public final class Dl4jEngine implements Engine {

    private final MultiLayerNetwork net;
    private final INDArray x;
    private final INDArray labels;
    private final boolean accuracy;
    private final ToLongBiFunction<INDArray, INDArray> correctCount;
    private final BatchAccuracy batchAccuracy;
    private final String why;
    private long correct;

    /**
     * @param x            training inputs, examples along the first axis
     * @param labels       labels as DL4J takes them: [examples, 1] digits for sparse cross-entropy, else one row each
     * @param correctCount correct answers among a batch's outputs, given its labels
     * @param why          why DL4J trains this model rather than the fast engine
     */
    public Dl4jEngine(MultiLayerNetwork net, INDArray x, INDArray labels, boolean accuracy,
                      ToLongBiFunction<INDArray, INDArray> correctCount, String why) {
        this.net = net;
        this.x = x;
        this.labels = labels;
        this.accuracy = accuracy;
        this.correctCount = correctCount;
        this.why = why;
        this.batchAccuracy = accuracy && BatchAccuracy.appliesTo(net) ? new BatchAccuracy(correctCount) : null;
        net.setListeners(batchAccuracy == null ? java.util.List.of() : java.util.List.of(batchAccuracy));
    }

    @Override
    public double step(int[] rows) {
        INDArray xb = rowsOf(x, rows);
        INDArray yb = Nd4j.pullRows(labels, 1, rows);
        correct = 0;
        // Keras' running accuracy: predictions before this step's update, read off fit's own forward pass
        // (or, where that cannot be, one more forward pass); only when compile asks for it, as in Keras
        if (batchAccuracy != null) {
            batchAccuracy.expect(yb);
        } else if (accuracy) {
            correct = correctCount.applyAsLong(net.output(xb, false), yb);
        }
        net.fit(xb, yb);
        if (batchAccuracy != null) {
            correct = Math.max(0, batchAccuracy.counted());
        }
        return net.score();
    }

    @Override
    public long correct() {
        return correct;
    }

    /** DL4J trains its network in place: it is always current. */
    @Override
    public void sync() {
    }

    @Override
    public String description() {
        return "DL4J's fit (" + why + ")";
    }

    @Override
    public void close() {
        net.setListeners(java.util.List.of());
    }

    /** Examples {@code rows} of x, for matrices and for sequences [examples, steps, features] alike. */
    private static INDArray rowsOf(INDArray x, int[] rows) {
        if (x.rank() == 2) {
            return Nd4j.pullRows(x, 1, rows);
        }
        long[] shape = x.shape();
        long width = x.length() / shape[0];
        INDArray flat = (x.ordering() == 'c' ? x : x.dup('c')).reshape(shape[0], width);
        long[] batchShape = shape.clone();
        batchShape[0] = rows.length;
        return Nd4j.pullRows(flat, 1, rows).reshape('c', batchShape);
    }
}
