package cuaderno.nn;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.function.ToLongBiFunction;

/** Steps through DL4J's own {@code MultiLayerNetwork.fit}: every layer, loss and optimiser DL4J has. */
final class Dl4jTrainer implements Trainer {

    private final MultiLayerNetwork net;
    private final INDArray x;
    private final INDArray labels;
    private final boolean accuracy;
    private final ToLongBiFunction<INDArray, INDArray> correctCount;
    private final BatchAccuracy batchAccuracy;
    private long correct;

    Dl4jTrainer(MultiLayerNetwork net, INDArray x, INDArray labels, boolean accuracy,
                ToLongBiFunction<INDArray, INDArray> correctCount) {
        this.net = net;
        this.x = x;
        this.labels = labels;
        this.accuracy = accuracy;
        this.correctCount = correctCount;
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
