package cuaderno.nn;

import org.bytedeco.openblas.global.openblas_nolapack;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;
import org.nd4j.linalg.lossfunctions.impl.LossSparseMCXENT;

import java.nio.FloatBuffer;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;

/**
 * Trains a stack of Dense layers, the course's models, with one BLAS call per matrix product and plain loops for the
 * rest, in place on DL4J's own parameter and optimiser-state arrays. DL4J spends tens of microseconds of bookkeeping
 * on every native op (about sixty per step of a small MLP), which made such a model five times slower than PyTorch;
 * the arithmetic here is DL4J's own (forward pass, loss, gradients averaged over the batch, the optimiser's update),
 * and {@code BlasTrainerTest} holds it to {@code MultiLayerNetwork.fit} step for step. Whatever it does not
 * reproduce exactly ({@link #unsupported}) DL4J trains itself.
 */
final class BlasTrainer implements Trainer {

    private enum Act { LINEAR, RELU, SIGMOID, TANH, SOFTMAX }

    private enum Objective { CROSS_ENTROPY, SPARSE_CROSS_ENTROPY, MSE }

    /** DL4J clips softmax outputs to [eps, 1 - eps] before the log of its cross-entropy score. */
    private static final double SOFTMAX_CLIP = 1e-10;

    private final MultiLayerNetwork net;
    private final int layers;
    private final int[] width;          // width[0] inputs, width[l + 1] the outputs of layer l
    private final Act[] act;
    private final Objective objective;
    private final boolean accuracy;
    private final Update update;

    private final FloatBuffer params;   // DL4J's flattened parameters: per layer W (in × out, column-major), then b
    private final FloatBuffer gradient; // the same layout
    private final FloatBuffer[] weights;
    private final FloatBuffer[] weightGradients;
    private final int[] biasOffset;

    private final LstmBlock lstm;       // the first layer when it is an LSTM, else null
    private final int first;            // the first Dense layer
    private final INDArray inputs;      // the training data as float, row-major
    private final INDArray targets;     // and its labels
    private final FloatBuffer x;        // the inputs' memory (a Dense first layer)
    private final FloatBuffer y;        // labels: one per row (sparse) or one row per example
    private final int labelWidth;

    private final FloatBuffer[] activations; // activations[0] the batch, activations[l + 1] the output of layer l
    private final FloatBuffer[] deltas;      // dLoss/dz of layer l, for each row of the batch
    private final int[] batchLabels;
    private long correct;

    /** Why DL4J must train this network itself, or null when this trainer reproduces it. */
    static String unsupported(MultiLayerNetwork net) {
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        int n = net.getnLayers();
        for (int i = 0; i < n; i++) {
            var layer = conf.getConf(i).getLayer();
            boolean last = i == n - 1;
            if (i == 0 && !last && layer instanceof LastTimeStep wrapper) {
                String why = unsupportedLstm(wrapper.getUnderlying());
                if (why != null) {
                    return why;
                }
                layer = wrapper.getUnderlying();
            } else if (!(last ? layer instanceof OutputLayer : layer.getClass() == DenseLayer.class)) {
                return "layer " + i + " is a " + layer.getClass().getSimpleName();
            }
            BaseLayer base = (BaseLayer) layer;
            if (conf.getInputPreProcess(i) != null || base.getIDropout() != null || base.getWeightNoise() != null
                    || !base.getRegularization().isEmpty() || !base.getRegularizationBias().isEmpty()
                    || (base.getGradientNormalization() != null && base.getGradientNormalization() != GradientNormalization.None)
                    || (layer instanceof DenseLayer d && !d.hasBias()) || (layer instanceof OutputLayer o && !o.hasBias())) {
                return "layer " + i + " has dropout, regularisation, a preprocessor or no bias";
            }
            Act a = activation(base.getActivationFn());
            if (layer instanceof LSTM) {
                continue;
            }
            if (a == null || (a == Act.SOFTMAX && !last)) {
                return "layer " + i + " has activation " + base.getActivationFn();
            }
        }
        OutputLayer output = (OutputLayer) conf.getConf(n - 1).getLayer();
        Objective objective = objective(output.getLossFn());
        if (objective == null) {
            return "loss " + output.getLossFn();
        }
        if (objective != Objective.MSE && activation(output.getActivationFn()) != Act.SOFTMAX) {
            // Keras lets cross-entropy meet raw outputs (seed 004 shows the NaN); DL4J's arithmetic for it stays DL4J's
            return "cross-entropy on a " + output.getActivationFn() + " output";
        }
        if (!conf.getConf(0).isMiniBatch()) {
            return "gradients are not averaged over the batch";
        }
        var blocks = ((BaseMultiLayerUpdater<?>) net.getUpdater()).getUpdaterBlocks();
        if (blocks.size() != 1 || blocks.get(0).getParamOffsetStart() != 0
                || blocks.get(0).getParamOffsetEnd() != net.numParams()) {
            return "the parameters have different optimisers";
        }
        return Update.of(((BaseLayer) conf.getConf(n - 1).getLayer()).getIUpdater()) == null
                ? "optimiser " + ((BaseLayer) conf.getConf(n - 1).getLayer()).getIUpdater() : null;
    }

    /** An LSTM as {@link LstmBlock} computes it: Keras' tanh and sigmoid, no peepholes, on the stack's first layer. */
    private static String unsupportedLstm(org.deeplearning4j.nn.conf.layers.Layer layer) {
        if (layer.getClass() != LSTM.class) {
            return "the recurrent layer is a " + layer.getClass().getSimpleName();
        }
        LSTM lstm = (LSTM) layer;
        return activation(lstm.getActivationFn()) == Act.TANH && activation(lstm.getGateActivationFn()) == Act.SIGMOID
                ? null : "an LSTM with activations " + lstm.getActivationFn() + " and " + lstm.getGateActivationFn();
    }

    private static Act activation(IActivation fn) {
        if (fn instanceof ActivationReLU relu) {
            boolean plain = relu.toString().equals(new ActivationReLU().toString());
            return plain ? Act.RELU : null;
        }
        if (fn instanceof ActivationIdentity) {
            return Act.LINEAR;
        }
        if (fn instanceof ActivationSigmoid) {
            return Act.SIGMOID;
        }
        if (fn instanceof ActivationTanH) {
            return Act.TANH;
        }
        return fn instanceof ActivationSoftmax ? Act.SOFTMAX : null;
    }

    private static Objective objective(ILossFunction loss) {
        if (loss.getClass() == LossSparseMCXENT.class && ((LossMCXENT) loss).getWeights() == null) {
            return Objective.SPARSE_CROSS_ENTROPY;
        }
        if (loss.getClass() == LossMCXENT.class && ((LossMCXENT) loss).getWeights() == null) {
            return Objective.CROSS_ENTROPY;
        }
        return loss.getClass() == LossMSE.class && ((LossMSE) loss).getWeights() == null ? Objective.MSE : null;
    }

    /**
     * @param x      training inputs: [examples, features], or [examples, steps, features] for an LSTM first layer
     * @param labels labels as DL4J takes them: [examples, 1] digits for sparse cross-entropy, else one row each
     */
    BlasTrainer(MultiLayerNetwork net, INDArray x, INDArray labels, boolean accuracy, int maxBatch) {
        String why = unsupported(net);
        if (why != null) {
            throw new IllegalArgumentException("not a stack this trainer reproduces: " + why);
        }
        this.net = net;
        this.accuracy = accuracy;
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        layers = net.getnLayers();
        boolean recurrent = conf.getConf(0).getLayer() instanceof LastTimeStep;
        width = new int[layers + 1];
        act = new Act[layers];
        for (int l = 0; l < layers; l++) {
            var layer = conf.getConf(l).getLayer();
            var feedForward = (org.deeplearning4j.nn.conf.layers.FeedForwardLayer)
                    (layer instanceof LastTimeStep wrapper ? wrapper.getUnderlying() : layer);
            width[l] = (int) feedForward.getNIn();
            width[l + 1] = (int) feedForward.getNOut();
            // an LSTM's output goes on as it is: the layer above sees no activation function of it
            act[l] = layer instanceof LastTimeStep ? Act.LINEAR : activation(feedForward.getActivationFn());
        }
        objective = objective(((OutputLayer) conf.getConf(layers - 1).getLayer()).getLossFn());

        // the buffers below view these arrays' memory: holding the arrays keeps ND4J from freeing it meanwhile
        inputs = Floats.rowMajor(x);
        targets = Floats.rowMajor(labels);
        params = Floats.of(net.params());
        gradient = Floats.direct(params.capacity());
        weights = new FloatBuffer[layers];
        weightGradients = new FloatBuffer[layers];
        biasOffset = new int[layers];
        first = recurrent ? 1 : 0;
        int offset = 0;
        if (recurrent) {
            INDArray w = net.getLayer(0).getParam("W");
            if (w.ordering() != 'f' || Floats.address(w) != Floats.address(net.params())) {
                throw new IllegalStateException("DL4J's LSTM parameters are not laid out as expected");
            }
            lstm = new LstmBlock(inputs, params, gradient, width[0], width[1], maxBatch);
            offset = LstmBlock.paramCount(width[0], width[1]);
        } else {
            lstm = null;
        }
        for (int l = first; l < layers; l++) {
            INDArray w = net.getLayer(l).getParam("W");
            // W is [in, out] column-major, so row-major it is W transposed: [out, in]
            if (w.ordering() != 'f' || Floats.address(w) != Floats.address(net.params()) + (long) offset * Float.BYTES) {
                throw new IllegalStateException("DL4J's parameter layout is not the one expected at layer " + l);
            }
            int size = width[l] * width[l + 1];
            weights[l] = Floats.slice(params, offset, size);
            weightGradients[l] = Floats.slice(gradient, offset, size);
            biasOffset[l] = offset + size;
            offset += size + width[l + 1];
        }
        var block = ((BaseMultiLayerUpdater<?>) net.getUpdater()).getUpdaterBlocks().get(0);
        update = Update.of(((BaseLayer) conf.getConf(layers - 1).getLayer()).getIUpdater());
        update.bind(block.getUpdaterView() == null ? null : Floats.of(block.getUpdaterView()), params.capacity());

        this.x = recurrent ? null : Floats.of(inputs);
        this.y = Floats.of(targets);
        labelWidth = (int) labels.size(1);
        activations = new FloatBuffer[layers + 1];
        deltas = new FloatBuffer[layers];
        for (int l = 0; l <= layers; l++) {
            activations[l] = Floats.direct(maxBatch * width[l]);
            if (l < layers) {
                deltas[l] = Floats.direct(maxBatch * width[l + 1]);
            }
        }
        batchLabels = new int[maxBatch];
    }

    @Override
    public double step(int[] rows) {
        int batch = rows.length;
        gather(rows);
        if (lstm != null) {
            lstm.forward(rows, activations[1]);
        }
        for (int l = first; l < layers; l++) {
            forward(l, batch);
        }
        double loss = outputDelta(batch);
        for (int l = layers - 1; l >= first; l--) {
            backward(l, batch);
        }
        if (lstm != null) {
            lstm.backward(batch, deltas[0]);
        }
        int iteration = net.getIterationCount();
        update.apply(params, gradient, iteration);
        net.setIterationCount(iteration + 1);
        net.setScore(loss);
        return loss;
    }

    @Override
    public long correct() {
        return correct;
    }

    // ---------------------------------------------------------------- the step

    private void gather(int[] rows) {
        if (lstm == null) {
            int in = width[0];
            FloatBuffer batch = activations[0];
            for (int r = 0; r < rows.length; r++) {
                batch.put(r * in, x, rows[r] * in, in);
            }
        }
        if (objective == Objective.SPARSE_CROSS_ENTROPY) {
            for (int r = 0; r < rows.length; r++) {
                batchLabels[r] = (int) y.get(rows[r]);
            }
        } else {
            FloatBuffer target = deltas[layers - 1]; // the output delta starts as the labels
            for (int r = 0; r < rows.length; r++) {
                target.put(r * labelWidth, y, rows[r] * labelWidth, labelWidth);
            }
        }
    }

    /** activations[l + 1] = act(activations[l] · W + b). */
    private void forward(int l, int batch) {
        int in = width[l];
        int out = width[l + 1];
        FloatBuffer a = activations[l];
        FloatBuffer z = activations[l + 1];
        openblas_nolapack.cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, batch, out, in,
                1f, a, in, weights[l], in, 0f, z, out);
        int b = biasOffset[l];
        for (int r = 0; r < batch; r++) {
            int row = r * out;
            for (int j = 0; j < out; j++) {
                z.put(row + j, z.get(row + j) + params.get(b + j));
            }
        }
        switch (act[l]) {
            case LINEAR -> { }
            case RELU -> {
                for (int i = 0, n = batch * out; i < n; i++) {
                    z.put(i, Math.max(0f, z.get(i)));
                }
            }
            case SIGMOID -> {
                for (int i = 0, n = batch * out; i < n; i++) {
                    z.put(i, Floats.sigmoid(z.get(i)));
                }
            }
            case TANH -> {
                for (int i = 0, n = batch * out; i < n; i++) {
                    z.put(i, Floats.tanh(z.get(i)));
                }
            }
            case SOFTMAX -> {
                for (int r = 0; r < batch; r++) {
                    int row = r * out;
                    float max = Float.NEGATIVE_INFINITY;
                    for (int j = 0; j < out; j++) {
                        max = Math.max(max, z.get(row + j));
                    }
                    float sum = 0;
                    for (int j = 0; j < out; j++) {
                        float e = (float) Math.exp(z.get(row + j) - max);
                        z.put(row + j, e);
                        sum += e;
                    }
                    for (int j = 0; j < out; j++) {
                        z.put(row + j, z.get(row + j) / sum);
                    }
                }
            }
        }
    }

    /** The batch's mean loss; leaves dLoss/dz of the output layer in deltas[last] and counts correct answers. */
    private double outputDelta(int batch) {
        int classes = width[layers];
        FloatBuffer p = activations[layers];
        FloatBuffer d = deltas[layers - 1]; // holds the one-hot or regression labels on entry
        double loss = 0;
        correct = 0;
        for (int r = 0; r < batch; r++) {
            int row = r * classes;
            int truth = objective == Objective.SPARSE_CROSS_ENTROPY ? batchLabels[r] : argMax(d, row, classes);
            if (accuracy && classes > 1 && argMax(p, row, classes) == truth) {
                correct++;
            }
            switch (objective) {
                case SPARSE_CROSS_ENTROPY -> {
                    loss -= Math.log(clip(p.get(row + truth)));
                    for (int j = 0; j < classes; j++) {
                        d.put(row + j, p.get(row + j) - (j == truth ? 1f : 0f));
                    }
                }
                case CROSS_ENTROPY -> {
                    for (int j = 0; j < classes; j++) {
                        float label = d.get(row + j);
                        loss -= label * Math.log(clip(p.get(row + j)));
                        d.put(row + j, p.get(row + j) - label);
                    }
                }
                case MSE -> {
                    // DL4J's MSE: squared error over the outputs / their number; dL/da = 2 (a - y) / outputs
                    double dot = 0;
                    for (int j = 0; j < classes; j++) {
                        float diff = p.get(row + j) - d.get(row + j);
                        loss += (double) diff * diff / classes;
                        d.put(row + j, 2 * diff / classes);
                        dot += d.get(row + j) * p.get(row + j);
                    }
                    for (int j = 0; j < classes; j++) {
                        float a = p.get(row + j);
                        float g = d.get(row + j);
                        Act output = act[layers - 1];
                        d.put(row + j, output == Act.SOFTMAX ? (float) (a * (g - dot)) : backprop(output, a, g));
                    }
                }
            }
        }
        return loss / batch;
    }

    private static double clip(float p) {
        return Math.min(Math.max(p, SOFTMAX_CLIP), 1 - SOFTMAX_CLIP);
    }

    private static int argMax(FloatBuffer values, int from, int n) {
        int best = 0;
        for (int j = 1; j < n; j++) {
            if (values.get(from + j) > values.get(from + best)) {
                best = j;
            }
        }
        return best;
    }

    /** Gradients of layer l (averaged over the batch, as DL4J's minibatch mode) and the delta of the layer below. */
    private void backward(int l, int batch) {
        int in = width[l];
        int out = width[l + 1];
        FloatBuffer d = deltas[l];
        openblas_nolapack.cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, out, in, batch,
                1f / batch, d, out, activations[l], in, 0f, weightGradients[l], in);
        float[] sums = new float[out];
        for (int r = 0; r < batch; r++) {
            for (int j = 0; j < out; j++) {
                sums[j] += d.get(r * out + j);
            }
        }
        for (int j = 0; j < out; j++) {
            gradient.put(biasOffset[l] + j, sums[j] / batch);
        }
        if (l == 0) {
            return;
        }
        FloatBuffer below = deltas[l - 1];
        openblas_nolapack.cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, batch, in, out,
                1f, d, out, weights[l], in, 0f, below, in);
        FloatBuffer a = activations[l]; // the output of layer l - 1, whose derivative it takes
        for (int i = 0, n = batch * in; i < n; i++) {
            float v = a.get(i);
            float g = below.get(i);
            below.put(i, backprop(act[l - 1], v, g));
        }
    }

    /** dLoss/dz from dLoss/da ({@code g}) for an elementwise activation, given its output {@code a}. */
    private static float backprop(Act act, float a, float g) {
        return switch (act) {
            case LINEAR -> g;
            case RELU -> a > 0 ? g : 0f;
            case SIGMOID -> g * a * (1 - a);
            case TANH -> g * (1 - a * a);
            case SOFTMAX -> throw new IllegalStateException("softmax is not elementwise: its output layer handles it");
        };
    }

    // ---------------------------------------------------------------- optimisers, as libnd4j's updater ops

    /** DL4J's optimiser updates, in place: params -= update(gradient), with the state DL4J keeps for each. */
    private abstract static class Update {
        FloatBuffer state;
        int n;

        static Update of(IUpdater config) {
            if (config instanceof Sgd sgd && sgd.getLearningRateSchedule() == null) {
                return new Update() {
                    void apply(FloatBuffer p, FloatBuffer g, int iteration) {
                        float lr = (float) sgd.getLearningRate();
                        for (int i = 0; i < n; i++) {
                            p.put(i, p.get(i) - lr * g.get(i));
                        }
                    }
                };
            }
            if (config instanceof Nesterovs nesterovs && nesterovs.getLearningRateSchedule() == null
                    && nesterovs.getMomentumISchedule() == null) {
                return new Update() {
                    void apply(FloatBuffer p, FloatBuffer g, int iteration) {
                        float lr = (float) nesterovs.getLearningRate();
                        float mu = (float) nesterovs.getMomentum();
                        for (int i = 0; i < n; i++) {
                            float previous = state.get(i);
                            float v = mu * previous - lr * g.get(i);
                            state.put(i, v);
                            p.put(i, p.get(i) - (mu * previous - (1 + mu) * v));
                        }
                    }
                };
            }
            if (config instanceof Adam adam && adam.getLearningRateSchedule() == null) {
                return new Update() {
                    void apply(FloatBuffer p, FloatBuffer g, int iteration) {
                        float b1 = (float) adam.getBeta1();
                        float b2 = (float) adam.getBeta2();
                        float eps = (float) adam.getEpsilon();
                        double b1t = Math.pow(b1, iteration + 1);
                        double b2t = Math.pow(b2, iteration + 1);
                        float alpha = (float) (adam.getLearningRate() * Math.sqrt(1 - b2t) / (1 - b1t));
                        if (Float.isNaN(alpha) || Float.isInfinite(alpha) || alpha == 0) {
                            alpha = eps;
                        }
                        // DL4J's Adam state: first moments of every parameter, then second moments
                        for (int i = 0; i < n; i++) {
                            float gi = g.get(i);
                            float m = b1 * state.get(i) + gi * (1 - b1);
                            float v = b2 * state.get(n + i) + gi * gi * (1 - b2);
                            state.put(i, m);
                            state.put(n + i, v);
                            p.put(i, p.get(i) - m * alpha / ((float) Math.sqrt(v) + eps));
                        }
                    }
                };
            }
            if (config instanceof AdaGrad adagrad && adagrad.getLearningRateSchedule() == null) {
                return new Update() {
                    void apply(FloatBuffer p, FloatBuffer g, int iteration) {
                        float lr = (float) adagrad.getLearningRate();
                        float eps = (float) adagrad.getEpsilon();
                        for (int i = 0; i < n; i++) {
                            float gi = g.get(i);
                            float h = state.get(i) + gi * gi;
                            state.put(i, h);
                            p.put(i, p.get(i) - lr * gi / ((float) Math.sqrt(h) + eps));
                        }
                    }
                };
            }
            if (config instanceof RmsProp rmsprop && rmsprop.getLearningRateSchedule() == null) {
                return new Update() {
                    void apply(FloatBuffer p, FloatBuffer g, int iteration) {
                        float lr = (float) rmsprop.getLearningRate();
                        float decay = (float) rmsprop.getRmsDecay();
                        float eps = (float) rmsprop.getEpsilon();
                        for (int i = 0; i < n; i++) {
                            float gi = g.get(i);
                            float r = decay * state.get(i) + gi * gi * (1 - decay);
                            state.put(i, r);
                            p.put(i, p.get(i) - lr * gi / ((float) Math.sqrt(r) + eps));
                        }
                    }
                };
            }
            return null;
        }

        void bind(FloatBuffer state, int n) {
            this.state = state;
            this.n = n;
        }

        abstract void apply(FloatBuffer params, FloatBuffer gradient, int iteration);
    }
}
