package cuaderno.graph;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs a graph, TF1's {@code tf.Session}: {@code run(tensor, feed)} computes, {@code run(train, feed)} trains one step. */
public final class Session implements AutoCloseable {

    private final Graph graph;

    Session(Graph graph) {
        this.graph = graph;
    }

    /** The value of a tensor for these placeholder values. */
    public INDArray run(Tensor tensor, Feed feed) {
        return run(List.of(tensor), feed).get(0);
    }

    /** The values of several tensors, computed together. */
    public List<INDArray> run(List<Tensor> tensors, Feed feed) {
        Map<String, INDArray> placeholders = new HashMap<>();
        feed.values.forEach((t, v) -> placeholders.put(t.name(), v.castTo(DataType.FLOAT)));
        String[] names = tensors.stream().map(Tensor::name).toArray(String[]::new);
        Map<String, INDArray> out = graph.sameDiff.output(placeholders, names);
        return tensors.stream().map(t -> out.get(t.name())).toList();
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

    @Override
    public void close() {
        // SameDiff keeps its arrays with the graph; nothing to release per session
    }
}
