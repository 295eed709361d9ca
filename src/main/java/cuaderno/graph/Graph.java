package cuaderno.graph;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * TF1-style graph code on DL4J's SameDiff: placeholders, variables, operations, an optimiser that minimises a loss,
 * and a {@link Session} that runs tensors with feeds.
 * <pre>
 * Graph g = new Graph();
 * Tensor x = g.placeholder("X", -1, 784);                  // tf.placeholder("float", [None, 784])
 * Tensor w = g.variable("h1", g.randomNormal(784, 256));   // tf.Variable(tf.random_normal([784, 256]))
 * Tensor logits = x.matmul(w).add(b);
 * Tensor loss = g.reduceMean(g.softmaxCrossEntropyWithLogits(logits, y));
 * Train train = g.adam(0.1).minimize(loss);
 * try (Session s = g.session()) { s.run(train, Feed.of(x, bx, y, by)); }
 * </pre>
 */
public final class Graph {

    final SameDiff sameDiff = SameDiff.create();
    private final List<Tensor> placeholders = new ArrayList<>();
    private long seed = 0;

    /** Seed for {@link #randomNormal}, so a run can be repeated. */
    public Graph seed(long seed) {
        this.seed = seed;
        Nd4j.getRandom().setSeed(seed);
        return this;
    }

    /** An input fed at run time; -1 in the shape stands for TF1's {@code None} (any size). */
    public Tensor placeholder(String name, long... shape) {
        Tensor t = wrap(sameDiff.placeHolder(name, DataType.FLOAT, shape));
        placeholders.add(t);
        return t;
    }

    /** A trainable variable with its initial value. */
    public Tensor variable(String name, INDArray initial) {
        return wrap(sameDiff.var(name, initial.castTo(DataType.FLOAT)));
    }

    /** Values drawn from N(0, 1), TF1's {@code tf.random_normal(shape)}. */
    public INDArray randomNormal(long... shape) {
        return Nd4j.randn(DataType.FLOAT, shape);
    }

    public Tensor constant(String name, INDArray value) {
        return wrap(sameDiff.constant(name, value.castTo(DataType.FLOAT)));
    }

    /** Per-example cross-entropy of softmax(logits) against one-hot labels, TF1's op of the same name. */
    public Tensor softmaxCrossEntropyWithLogits(Tensor logits, Tensor labels) {
        // log-softmax written out, shifted by the row maximum: stable for the huge logits of an unnormalised net
        // (M2.1's own logSoftmax op fails when given an axis)
        SDVariable z = own(logits);
        SDVariable shifted = z.sub(z.max(true, 1));
        SDVariable logSumExp = sameDiff.math().log(sameDiff.math().exp(shifted).sum(true, 1));
        return wrap(shifted.sub(logSumExp).mul(own(labels)).sum(1).neg());
    }

    /** Mean of all values, TF1's {@code tf.reduce_mean}. */
    public Tensor reduceMean(Tensor t) {
        return wrap(own(t).mean());
    }

    public Optimizer adam(double learningRate) {
        return new Optimizer(this, new Adam(checked(learningRate)));
    }

    public Optimizer gradientDescent(double learningRate) {
        return new Optimizer(this, new Sgd(checked(learningRate)));
    }

    private static double checked(double learningRate) {
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("the learning rate must be positive, not " + learningRate);
        }
        return learningRate;
    }

    public Session session() {
        return new Session(this);
    }

    /** A compiled function of some inputs, like Theano's {@code function([a, b], out)}. */
    public GraphFunction function(Tensor output, Tensor... inputs) {
        return new GraphFunction(this, output, Arrays.asList(inputs));
    }

    List<Tensor> placeholders() {
        return List.copyOf(placeholders);
    }

    Tensor wrap(SDVariable variable) {
        return new Tensor(this, variable);
    }

    SDVariable own(Tensor t) {
        if (t.graph != this) {
            throw new IllegalArgumentException(t + " belongs to another graph");
        }
        return t.variable;
    }

    /** Minimises a loss; TF1's {@code tf.train.XOptimizer(lr).minimize(loss)}. */
    public static final class Optimizer {
        private final Graph graph;
        private final IUpdater updater;

        Optimizer(Graph graph, IUpdater updater) {
            this.graph = graph;
            this.updater = updater;
        }

        public Train minimize(Tensor loss) {
            graph.sameDiff.setLossVariables(graph.own(loss));
            String[] inputs = graph.placeholders.stream().map(Tensor::name).toArray(String[]::new);
            graph.sameDiff.setTrainingConfig(TrainingConfig.builder()
                    .updater(updater)
                    .dataSetFeatureMapping(inputs)
                    .markLabelsUnused()
                    .build());
            return new Train(loss);
        }
    }

    /** The training step {@link Optimizer#minimize} returns; run it in a {@link Session}. */
    public record Train(Tensor loss) {
    }
}
