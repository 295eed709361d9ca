package cuaderno.graph;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A node of a {@link Graph}: a placeholder, a variable or the result of an operation, as a TF1 tensor. Its methods
 * chain operations as Theano's operators do ({@code a.square().add(b.square()).add(a.mul(b).mul(2))} for
 * {@code a ** 2 + b ** 2 + 2 * a * b}); {@code Graph} has the same operations under TF1's names
 * ({@code g.matmul(x, w)} is {@code x.matmul(w)}).
 */
public final class Tensor {

    final SDVariable variable;
    final Graph graph;

    Tensor(Graph graph, SDVariable variable) {
        this.graph = graph;
        this.variable = variable;
    }

    public String name() {
        return variable.name();
    }

    public Tensor add(Tensor other) {
        return graph.wrap(variable.add(graph.own(other)));
    }

    public Tensor add(double value) {
        return graph.wrap(variable.add(value));
    }

    public Tensor sub(Tensor other) {
        return graph.wrap(variable.sub(graph.own(other)));
    }

    public Tensor mul(Tensor other) {
        return graph.wrap(variable.mul(graph.own(other)));
    }

    public Tensor mul(double value) {
        return graph.wrap(variable.mul(value));
    }

    public Tensor div(Tensor other) {
        return graph.wrap(variable.div(graph.own(other)));
    }

    /** Matrix product, TF1's {@code tf.matmul(this, other)}. */
    public Tensor matmul(Tensor other) {
        return graph.wrap(variable.mmul(graph.own(other)));
    }

    public Tensor square() {
        return graph.wrap(variable.mul(variable));
    }

    public Tensor relu() {
        return graph.wrap(graph.sameDiff.nn().relu(variable, 0));
    }

    public Tensor sigmoid() {
        return graph.wrap(graph.sameDiff.nn().sigmoid(variable));
    }

    public Tensor tanh() {
        return graph.wrap(graph.sameDiff.math().tanh(variable));
    }

    public Tensor softmax() {
        return graph.wrap(graph.sameDiff.nn().softmax(variable, -1));
    }

    /** Index of the largest value along {@code axis}, TF1's {@code tf.argmax}. */
    public Tensor argmax(int axis) {
        return graph.wrap(variable.argmax(axis));
    }

    /** 1 where equal, 0 elsewhere, as float32 (TF1's {@code tf.cast(tf.equal(a, b), tf.float32)} in one step). */
    public Tensor equal(Tensor other) {
        return graph.wrap(variable.eq(graph.own(other)).castTo(DataType.FLOAT));
    }

    public Tensor castToFloat() {
        return graph.wrap(variable.castTo(DataType.FLOAT));
    }

    @Override
    public String toString() {
        return "Tensor " + name();
    }
}
