package cuaderno.graph;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a graph, TF1's {@code tf.Session}:
 * <pre>
 * session.run(train, feed);                                   // sess.run(train_op, feed_dict=feed): one step
 * double loss = session.scalar(lossOp, feed);                 // sess.run(loss_op, ...) as a plain number
 * double[] la = session.scalars(List.of(lossOp, accuracy), feed);   // loss, acc = sess.run([loss_op, accuracy], ...)
 * INDArray probabilities = session.run(prediction, feed);     // any tensor's value as an array
 * List&lt;INDArray&gt; values = session.run(List.of(a, b), feed);     // several, computed together
 * </pre>
 * Graphs compute in float32; {@code scalar} hands a float32 result back as the double it prints as
 * ({@code 0.8694}, not {@code 0.8694000244140625}).
 */
public final class Session implements AutoCloseable {

    private final Graph graph;

    Session(Graph graph) {
        this.graph = graph;
    }

    /** The value of a tensor for these placeholder values, as an array (TF1 gives a numpy array). */
    public INDArray run(Tensor tensor, Feed feed) {
        return run(List.of(tensor), feed).get(0);
    }

    /** The values of several tensors, computed together in one pass (TF1's {@code sess.run([a, b], feed)}). */
    public List<INDArray> run(List<Tensor> tensors, Feed feed) {
        Map<String, INDArray> placeholders = new HashMap<>();
        feed.values.forEach((t, v) -> placeholders.put(t.name(), v.castTo(DataType.FLOAT)));
        String[] names = tensors.stream().map(Tensor::name).toArray(String[]::new);
        Map<String, INDArray> out = graph.sameDiff.output(placeholders, names);
        return tensors.stream().map(t -> out.get(t.name())).toList();
    }

    /** A scalar tensor's value (a loss, an accuracy) as a plain number. */
    public double scalar(Tensor tensor, Feed feed) {
        return number(tensor, run(tensor, feed));
    }

    /** Several scalars computed together, in order: {@code loss, acc = sess.run([loss_op, accuracy], feed)}. */
    public double[] scalars(List<Tensor> tensors, Feed feed) {
        List<INDArray> values = run(tensors, feed);
        double[] numbers = new double[values.size()];
        for (int i = 0; i < numbers.length; i++) {
            numbers[i] = number(tensors.get(i), values.get(i));
        }
        return numbers;
    }

    /** One optimisation step on this feed (every placeholder must be fed). */
    public void run(Graph.Train train, Feed feed) {
        List<Tensor> inputs = graph.placeholders();
        INDArray[] features = new INDArray[inputs.size()];
        for (int i = 0; i < features.length; i++) {
            INDArray value = feed.values.get(inputs.get(i));
            if (value == null) {
                throw new IllegalArgumentException("training needs a value for every placeholder; feed "
                        + inputs.get(i).name() + " too");
            }
            features[i] = value.castTo(DataType.FLOAT);
        }
        graph.sameDiff.fit(new MultiDataSet(features, new INDArray[0]));
    }

    /**
     * A one-value array as a double; float32 through its shortest decimal form, so that it prints as the float
     * does.
     */
    static double number(Tensor tensor, INDArray value) {
        if (value.length() != 1) {
            throw new IllegalArgumentException(tensor.name() + " has shape " + Arrays.toString(value.shape())
                    + ", not a single number: use run(...) for arrays, or reduceMean/argmax to get one number");
        }
        if (value.dataType() == DataType.FLOAT || value.dataType() == DataType.HALF || value.dataType() == DataType.BFLOAT16) {
            return Double.parseDouble(Float.toString(value.getFloat(0)));
        }
        return value.getDouble(0);
    }

    @Override
    public void close() {
        // SameDiff keeps its arrays with the graph; nothing to release per session
    }
}
