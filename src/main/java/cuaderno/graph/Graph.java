package cuaderno.graph;

import org.nd4j.autodiff.samediff.SDIndex;
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
 * and a {@link Session} that runs tensors with feeds. The operations are here under TF1's names, so seed 000 reads
 * line for line:
 * <pre>
 * Graph g = new Graph().seed(1);
 * Tensor x = g.placeholder("X", -1, 784);                  // X = tf.placeholder("float", [None, 784])
 * Tensor w = g.variable("h1", g.randomNormal(784, 256));   // tf.Variable(tf.random_normal([784, 256]))
 * Tensor logits = g.add(g.matmul(x, w), b);                // tf.add(tf.matmul(x, w), b)
 * Tensor loss = g.reduceMean(g.softmaxCrossEntropyWithLogits(logits, y));
 * Tensor accuracy = g.reduceMean(g.cast(g.equal(g.argmax(logits, 1), g.argmax(y, 1)), "float32"));
 * Graph.Train train = g.adam(0.1).minimize(loss);          // tf.train.AdamOptimizer(0.1).minimize(loss)
 * try (Session s = g.session()) {
 *     s.run(train, Feed.of(x, bx, y, by));                 // sess.run(train_op, feed_dict={X: bx, Y: by})
 *     double l = s.scalar(loss, Feed.of(x, bx, y, by));    // a plain number, printed 0.8694
 * }
 * </pre>
 * Every operation is also a {@link Tensor} method, for chains as Theano writes them ({@code x.matmul(w).add(b)},
 * {@code a.square().add(b.square())}); both spellings build the same node.
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

    /**
     * A trainable variable with its initial value, TF1's {@code tf.Variable(initial, name=name)}: usually
     * {@code g.variable("h1", g.randomNormal(784, 256))}. The value is copied as float32; the name must be new.
     */
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

    /**
     * TF1's {@code rnn.static_rnn(rnn.BasicLSTMCell(units, forget_bias), x)} keeping the last output: reads
     * {@code sequences} of shape [batch, time steps, features] step by step and returns the last hidden state
     * [batch, units]. Gates as TF1's BasicLSTMCell (i, j, f, o; forget bias added to f), glorot-uniform kernel.
     */
    public Tensor lstm(String name, Tensor sequences, int timeSteps, int features, int units, double forgetBias) {
        if (timeSteps <= 0 || features <= 0 || units <= 0) {
            throw new IllegalArgumentException("lstm needs positive time steps, features and units");
        }
        double limit = Math.sqrt(6.0 / (features + units + 4.0 * units));
        SDVariable kernel = sameDiff.var(name + "_kernel",
                Nd4j.rand(DataType.FLOAT, features + units, 4L * units).muli(2 * limit).subi(limit));
        SDVariable bias = sameDiff.var(name + "_bias", Nd4j.zeros(DataType.FLOAT, 4L * units));
        SDVariable x = own(sequences);
        SDVariable first = x.get(SDIndex.all(), SDIndex.point(0), SDIndex.all());
        // zero state with the batch's (unknown) size: a zero product of the first step
        SDVariable zeros = sameDiff.constant(name + "_zero_state", Nd4j.zeros(DataType.FLOAT, features, units));
        SDVariable h = first.mmul(zeros);
        SDVariable c = first.mmul(zeros);
        for (int t = 0; t < timeSteps; t++) {
            SDVariable step = x.get(SDIndex.all(), SDIndex.point(t), SDIndex.all());
            SDVariable z = sameDiff.concat(1, step, h).mmul(kernel).add(bias);
            SDVariable i = z.get(SDIndex.all(), SDIndex.interval(0L, (long) units));
            SDVariable j = z.get(SDIndex.all(), SDIndex.interval((long) units, 2L * units));
            SDVariable f = z.get(SDIndex.all(), SDIndex.interval(2L * units, 3L * units));
            SDVariable o = z.get(SDIndex.all(), SDIndex.interval(3L * units, 4L * units));
            c = c.mul(sameDiff.nn().sigmoid(f.add(forgetBias)))
                    .add(sameDiff.nn().sigmoid(i).mul(sameDiff.math().tanh(j)));
            h = sameDiff.math().tanh(c).mul(sameDiff.nn().sigmoid(o));
        }
        return wrap(h);
    }

    /** Mean of all values, TF1's {@code tf.reduce_mean}. */
    public Tensor reduceMean(Tensor t) {
        return wrap(own(t).mean());
    }

    // ---------------------------------------------------------------- TF1's functions (the same as Tensor methods)

    /** Matrix product, {@code tf.matmul(a, b)}. */
    public Tensor matmul(Tensor a, Tensor b) {
        return a.matmul(b);
    }

    /** Sum, broadcasting a bias row over a batch: {@code tf.add(a, b)} or {@code a + b}. */
    public Tensor add(Tensor a, Tensor b) {
        return a.add(b);
    }

    /** {@code tf.nn.softmax(logits)} over the last axis. */
    public Tensor softmax(Tensor logits) {
        return logits.softmax();
    }

    /** {@code tf.nn.relu(t)}. */
    public Tensor relu(Tensor t) {
        return t.relu();
    }

    /** {@code tf.sigmoid(t)}. */
    public Tensor sigmoid(Tensor t) {
        return t.sigmoid();
    }

    /** {@code tf.tanh(t)}. */
    public Tensor tanh(Tensor t) {
        return t.tanh();
    }

    /** {@code tf.square(t)}. */
    public Tensor square(Tensor t) {
        return t.square();
    }

    /** Index of the largest value along {@code axis}, {@code tf.argmax(t, axis)}. */
    public Tensor argmax(Tensor t, int axis) {
        return t.argmax(axis);
    }

    /**
     * 1.0 where equal, 0.0 elsewhere, {@code tf.equal(a, b)}: already float32, so {@code reduceMean} gives the
     * fraction that is equal (the {@code tf.cast} TF1 needs after it may stay or go).
     */
    public Tensor equal(Tensor a, Tensor b) {
        return a.equal(b);
    }

    /** {@code tf.cast(t, tf.float32)} as {@code g.cast(t, "float32")}; also "float64", "int32", "int64", "bool". */
    public Tensor cast(Tensor t, String type) {
        DataType target = switch (type.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "float32", "float" -> DataType.FLOAT;
            case "float64", "double" -> DataType.DOUBLE;
            case "int32", "int" -> DataType.INT;
            case "int64", "long" -> DataType.LONG;
            case "bool", "boolean" -> DataType.BOOL;
            default -> throw new IllegalArgumentException("cast to '" + type + "': use float32, float64, int32, int64 or bool");
        };
        return own(t).dataType() == target ? t : wrap(own(t).castTo(target));
    }

    // ---------------------------------------------------------------- optimisers

    /** {@code tf.train.AdamOptimizer(learningRate)} (Adam's other settings as TF1's defaults). */
    public Optimizer adam(double learningRate) {
        return new Optimizer(this, new Adam(checked(learningRate)));
    }

    /**
     * Plain gradient descent, {@code tf.train.GradientDescentOptimizer(learningRate)}: each step moves every
     * variable by {@code -learningRate × gradient}.
     */
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

    /**
     * A compiled function of some inputs, like Theano's {@code f = theano.function([a, b], out)}: then
     * {@code f.apply(va, vb)} computes {@code out} for those values (see {@link GraphFunction#apply}).
     */
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

        /** The training step that lowers {@code loss}: run it in a session with a feed for every placeholder. */
        public Train minimize(Tensor loss) {
            graph.sameDiff.setLossVariables(graph.own(loss));
            String[] inputs = graph.placeholders.stream().map(Tensor::name).toArray(String[]::new);
            graph.sameDiff.setTrainingConfig(TrainingConfig.builder()
                    .updater(updater)
                    .dataSetFeatureMapping(inputs)
                    .markLabelsUnused()
                    .build());
            QuietOutput.withoutSameDiffDebugLines(graph.sameDiff::createGradFunction);
            return new Train(loss);
        }
    }

    /** The training step {@link Optimizer#minimize} returns; run it in a {@link Session}. */
    public record Train(Tensor loss) {
    }
}
