package cuaderno.graph;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/** A graph compiled into a function of its inputs, as Theano's {@code theano.function([a, b], out)}. */
public final class GraphFunction {

    private final Graph graph;
    private final Tensor output;
    private final List<Tensor> inputs;

    GraphFunction(Graph graph, Tensor output, List<Tensor> inputs) {
        this.graph = graph;
        this.output = output;
        this.inputs = inputs;
    }

    public INDArray apply(INDArray... values) {
        if (values.length != inputs.size()) {
            throw new IllegalArgumentException("this function takes " + inputs.size() + " inputs, got " + values.length);
        }
        Object[] pairs = new Object[2 * values.length];
        for (int i = 0; i < values.length; i++) {
            pairs[2 * i] = inputs.get(i);
            pairs[2 * i + 1] = values[i];
        }
        try (Session session = graph.session()) {
            return session.run(output, Feed.of(pairs));
        }
    }
}
