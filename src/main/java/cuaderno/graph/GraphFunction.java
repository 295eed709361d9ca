package cuaderno.graph;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * A graph compiled into a function of its inputs, as Theano's {@code theano.function([a, b], out)}:
 * <pre>
 * Tensor a = g.placeholder("a", -1), b = g.placeholder("b", -1);            // theano.tensor.vector()
 * GraphFunction f = g.function(a.square().add(b.square()).add(a.mul(b).mul(2)), a, b);
 * f.apply(new double[]{1, 2}, new double[]{4, 5})                         // f([1, 2], [4, 5]) = [25, 49]
 * </pre>
 */
public final class GraphFunction {

    private final Graph graph;
    private final Tensor output;
    private final List<Tensor> inputs;

    GraphFunction(Graph graph, Tensor output, List<Tensor> inputs) {
        this.graph = graph;
        this.output = output;
        this.inputs = inputs;
    }

    /**
     * The output for one value per input, in the order {@code function(output, inputs...)} listed them; the values'
     * shapes must fit the placeholders' (-1 takes any size). The result is float32, as the graph computes.
     */
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

    /** The same with plain arrays, one vector per input: {@code f.apply(new double[]{1, 2}, new double[]{4, 5})}. */
    public INDArray apply(double[]... values) {
        INDArray[] arrays = new INDArray[values.length];
        for (int i = 0; i < values.length; i++) {
            arrays[i] = Nd4j.createFromArray(values[i]).castTo(DataType.FLOAT);
        }
        return apply(arrays);
    }
}
