package cuaderno.nn.engine;

import cuaderno.eval.NativeMemory;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

/**
 * Trains a model with one BLAS call per matrix product and plain loops for the rest, on memory it owns: for the
 * length of a {@code fit} it keeps the parameters and gradients in native buffers of its own (what OpenBLAS reads and
 * writes) and the optimiser's state in heap arrays, copied from DL4J's network when it starts and back to it whenever
 * DL4J's network must be current ({@link #sync}: each
 * validation, a callback reading the model, the end of fit however it ends). DL4J spends tens of microseconds of
 * bookkeeping on every native op (about sixty per step of a small MLP), which made such a model several times
 * slower than PyTorch; the arithmetic here is DL4J's own (forward pass, loss, gradients averaged over the batch, the
 * optimiser's update; Keras' where DL4J differs), and {@code EngineTest} holds it to {@code MultiLayerNetwork.fit}
 * step for step.
 */
public final class FastEngine implements Engine {

    private final MultiLayerNetwork net;
    private final FastLayer[] layers;
    private final Objective objective;
    private final UpdateRule rule;
    private final boolean accuracy;
    private final Arena arena = new Arena();

    private final int parameterCount;
    private final FloatBuffer params;     // DL4J's flattened parameters, in DL4J's order
    private final FloatBuffer gradient;   // the same layout
    private final float[][][] state;      // the optimiser's state arrays, laid out as the parameters, on the heap in
                                          // chunks: [chunk][array][value] (only the optimiser reads them)
    private final Map<String, INDArray> dl4jState; // DL4J's arrays for the same state, by name

    private final INDArray inputs;        // the training inputs, held for the engine's life: see the constructor
    private final FloatBuffer inputView;
    private final int inputSize;
    private final int[] digits;           // sparse labels, or null
    private final float[] targets;        // one-hot or regression labels [examples × outputs], or null
    private final int[] batchDigits;

    private final FloatBuffer[] activations; // activations[0] the batch, activations[l + 1] the output of layer l
    private final FloatBuffer[] deltas;      // dLoss/d(output of layer l before its activation), per example
    private final boolean[] learnsBelow;     // whether a layer below layer l has parameters (needs l's input delta)

    private static final int CHUNK = 4096;
    // the optimiser's step and the activations run on the heap, a chunk at a time through these arrays: plain array
    // loops, which the JIT vectorises
    private final float[] chunkParams = new float[CHUNK];
    private final float[] chunkGradient = new float[CHUNK];

    private int iteration;
    private double lastLoss = Double.NaN;
    private long correct;
    private boolean dirty;

    /**
     * @param x      training inputs, examples along the first axis (each example flattened row-major)
     * @param labels [examples, 1] digits for sparse cross-entropy, else one row of targets per example
     * @throws UnsupportedOperationException if DL4J's network is not laid out as these layers expect
     */
    public FastEngine(MultiLayerNetwork net, List<FastLayer> layers, Objective objective, UpdateRule rule,
                      INDArray x, INDArray labels, boolean accuracy, int maxBatch) {
        this.net = net;
        this.layers = layers.toArray(FastLayer[]::new);
        this.objective = objective;
        this.rule = rule;
        this.accuracy = accuracy;
        List<UpdaterBlock> blocks = ((BaseMultiLayerUpdater<?>) net.getUpdater()).getUpdaterBlocks();
        parameterCount = Math.toIntExact(net.numParams());
        if (blocks.size() > 1 || (blocks.size() == 1 && (blocks.get(0).getParamOffsetStart() != 0
                || blocks.get(0).getParamOffsetEnd() != parameterCount))) {
            throw new UnsupportedOperationException("the parameters have different optimisers");
        }
        dl4jState = blocks.isEmpty() ? Map.of() : blocks.get(0).getGradientUpdater().getState();
        if (!dl4jState.keySet().containsAll(rule.stateNames())) {
            throw new UnsupportedOperationException("DL4J's optimiser keeps " + dl4jState.keySet()
                    + ", not the state " + rule.stateNames() + " of the engine's");
        }
        long floats = 2L * parameterCount + (long) maxBatch * this.layers[0].inputSize();
        for (FastLayer layer : this.layers) {
            floats += 2L * maxBatch * layer.outputSize() + layer.scratchFloats(maxBatch);
        }
        NativeMemory.require(floats * Float.BYTES, "Training in batches of " + maxBatch,
                "the engine's copy of the weights, their gradients and each layer's activations");
        try {
            params = arena.floats(parameterCount);
            gradient = arena.floats(parameterCount);
            state = new float[(parameterCount + CHUNK - 1) / CHUNK][rule.stateNames().size()][CHUNK];
            bindParameters(maxBatch);
            learnsBelow = new boolean[this.layers.length];
            for (int l = 1; l < this.layers.length; l++) {
                learnsBelow[l] = learnsBelow[l - 1] || !this.layers[l - 1].params().isEmpty();
            }
            activations = new FloatBuffer[this.layers.length + 1];
            deltas = new FloatBuffer[this.layers.length];
            activations[0] = arena.floats((long) maxBatch * this.layers[0].inputSize());
            for (int l = 0; l < this.layers.length; l++) {
                activations[l + 1] = arena.floats((long) maxBatch * this.layers[l].outputSize());
                deltas[l] = arena.floats((long) maxBatch * this.layers[l].outputSize());
            }
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
        // The engine reads the training inputs where they are rather than copying them (they can be most of the
        // kernel's memory). It holds `inputs` for its whole life, so ND4J cannot free that memory meanwhile: ND4J
        // frees an array's memory only once nothing references it, or when its workspace closes, and `packed` detaches
        // it from any workspace (and copies it if it is not a plain float array of its own). The engine only reads it.
        inputs = packed(x);
        inputView = inputs.data().asNio().order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
        inputSize = this.layers[0].inputSize();
        if (objective == Objective.SPARSE_CROSS_ENTROPY) {
            digits = labels.reshape(labels.length()).toIntVector();
            targets = null;
        } else {
            digits = null;
            targets = labels.castTo(DataType.FLOAT).dup('c').data().asFloat();
        }
        batchDigits = new int[maxBatch];
        copyIn();
    }

    /** Gives each layer its slices of the parameters and gradients, checking DL4J's layout by the values it holds. */
    private void bindParameters(int maxBatch) {
        Floats.copyIn(net.params(), params);
        int offset = 0;
        for (int l = 0; l < layers.length; l++) {
            List<FastLayer.Param> declared = layers[l].params();
            FloatBuffer[] p = new FloatBuffer[declared.size()];
            FloatBuffer[] g = new FloatBuffer[declared.size()];
            for (int k = 0; k < declared.size(); k++) {
                FastLayer.Param param = declared.get(k);
                checkLayout(l, param, offset);
                p[k] = Floats.slice(params, offset, param.length());
                g[k] = Floats.slice(gradient, offset, param.length());
                offset += param.length();
            }
            layers[l].bind(p, g, maxBatch, n -> arena.floats(n));
        }
        if (offset != parameterCount) {
            throw new UnsupportedOperationException("DL4J's network has " + parameterCount + " parameters, the layers "
                    + offset);
        }
    }

    /** DL4J's own array for {@code param} holds, at a spread of positions, what the engine reads at {@code offset}. */
    private void checkLayout(int layer, FastLayer.Param param, int offset) {
        INDArray dl4j = net.getLayer(layer).getParam(param.key());
        boolean vector = param.shape().length == 1;
        if (dl4j == null || (vector ? !dl4j.isVector() || dl4j.length() != param.length()
                : !java.util.Arrays.equals(dl4j.shape(), param.shape()))) {
            throw new UnsupportedOperationException("layer " + layer + "'s " + param.key() + " is not the "
                    + java.util.Arrays.toString(param.shape()) + " array the engine expects");
        }
        int n = param.length();
        for (int s = 0; s < 16; s++) {
            int k = (int) ((long) n * s / 16);
            float value;
            if (vector) {
                value = dl4j.getFloat(k);
            } else {
                long rows = param.shape()[0];
                long columns = param.shape()[1];
                value = param.order() == 'f' ? dl4j.getFloat(k % rows, k / rows) : dl4j.getFloat(k / columns, k % columns);
            }
            if (Float.compare(value, params.get(offset + k)) != 0) {
                throw new UnsupportedOperationException("DL4J's layout of layer " + layer + "'s " + param.key()
                        + " is not the one the engine expects");
            }
        }
    }

    /** A plain float array in row-major order with memory of its own, outside any workspace (a copy if need be). */
    private static INDArray packed(INDArray x) {
        INDArray floats = x.dataType() == DataType.FLOAT ? x : x.castTo(DataType.FLOAT);
        // a view of the first rows of a larger array is fine (the split off validation data leaves one)
        boolean plain = floats.ordering() == 'c' && floats.offset() == 0 && floats.data().offset() == 0
                && !floats.isAttached();
        long expected = 1;
        for (int d = floats.rank() - 1; d >= 0 && plain; d--) {
            plain = floats.size(d) == 1 || floats.stride(d) == expected;
            expected *= floats.size(d);
        }
        return plain ? floats : floats.dup('c').detach();
    }

    /** Parameters, optimiser state and iteration count from DL4J's network. */
    private void copyIn() {
        Floats.copyIn(net.params(), params);
        for (int k = 0; k < rule.stateNames().size(); k++) {
            int array = k;
            Floats.copyIn(dl4jState.get(rule.stateNames().get(k)), (offset, values) -> {
                for (int i = 0; i < values.length; i += CHUNK) { // runs start at multiples of CHUNK
                    int c = (offset + i) / CHUNK;
                    System.arraycopy(values, i, state[c][array], 0, Math.min(CHUNK, values.length - i));
                }
            });
        }
        iteration = net.getIterationCount();
        dirty = false;
    }

    @Override
    public void sync() {
        if (!dirty) {
            return;
        }
        Floats.copyOut(params, net.params());
        for (int k = 0; k < rule.stateNames().size(); k++) {
            int array = k;
            Floats.copyOut((offset, values) -> {
                for (int i = 0; i < values.length; i += CHUNK) {
                    int c = (offset + i) / CHUNK;
                    System.arraycopy(state[c][array], 0, values, i, Math.min(CHUNK, values.length - i));
                }
            }, dl4jState.get(rule.stateNames().get(k)));
        }
        net.setIterationCount(iteration);
        net.setScore(lastLoss);
        dirty = false;
    }

    @Override
    public String description() {
        return "Cuaderno's fast engine";
    }

    @Override
    public void close() {
        try {
            sync();
        } finally {
            arena.close();
        }
    }

    @Override
    public double step(int[] rows) {
        int batch = rows.length;
        gather(rows);
        int last = layers.length - 1;
        for (int l = 0; l <= last; l++) {
            layers[l].forward(activations[l], activations[l + 1], batch, iteration);
            layers[l].activation().apply(activations[l + 1], batch, layers[l].outputSize(), chunkParams);
        }
        int outputs = layers[last].outputSize();
        correct = accuracy ? countCorrect(batch, outputs) : 0;
        Act outputActivation = layers[last].activation();
        boolean fused = objective.fusesWith(outputActivation);
        double loss = objective.lossAndDelta(activations[last + 1], deltas[last], batchDigits, batch, outputs, fused);
        if (!fused) {
            outputActivation.backprop(activations[last + 1], deltas[last], batch, outputs, chunkParams, chunkGradient);
        }
        for (int l = last; l >= 0; l--) {
            layers[l].backward(activations[l], activations[l + 1], deltas[l], learnsBelow[l] ? deltas[l - 1] : null, batch);
            if (learnsBelow[l]) {
                layers[l - 1].activation().backprop(activations[l], deltas[l - 1], batch, layers[l - 1].outputSize(),
                        chunkParams, chunkGradient);
            }
        }
        update();
        iteration++;
        lastLoss = loss;
        dirty = true;
        return loss;
    }

    /** The optimiser's step, chunk by chunk: parameters and gradients through heap arrays, the state on the heap. */
    private void update() {
        for (int c = 0; c < state.length; c++) {
            int from = c * CHUNK;
            int n = Math.min(CHUNK, parameterCount - from);
            params.get(from, chunkParams, 0, n);
            gradient.get(from, chunkGradient, 0, n);
            rule.apply(chunkParams, chunkGradient, state[c], n, iteration);
            params.put(from, chunkParams, 0, n);
        }
    }

    @Override
    public long correct() {
        return correct;
    }

    /** The batch's inputs into activations[0]; its labels into batchDigits or, as targets, the output delta. */
    private void gather(int[] rows) {
        FloatBuffer batch = activations[0];
        for (int r = 0; r < rows.length; r++) {
            batch.put(r * inputSize, inputView, rows[r] * inputSize, inputSize);
        }
        if (digits != null) {
            for (int r = 0; r < rows.length; r++) {
                batchDigits[r] = digits[rows[r]];
            }
        } else {
            int width = layers[layers.length - 1].outputSize();
            FloatBuffer target = deltas[layers.length - 1];
            for (int r = 0; r < rows.length; r++) {
                target.put(r * width, targets, rows[r] * width, width);
            }
        }
    }

    /** Correct answers: the output's largest value at the label's digit (or the one-hot label's 1). */
    private long countCorrect(int batch, int outputs) {
        if (outputs < 2) {
            return 0;
        }
        FloatBuffer p = activations[layers.length];
        FloatBuffer labels = deltas[layers.length - 1];
        long count = 0;
        for (int r = 0; r < batch; r++) {
            int truth = digits != null ? batchDigits[r] : argMax(labels, r * outputs, outputs);
            count += argMax(p, r * outputs, outputs) == truth ? 1 : 0;
        }
        return count;
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
}
