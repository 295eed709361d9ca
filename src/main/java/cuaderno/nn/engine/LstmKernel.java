package cuaderno.nn.engine;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.function.IntFunction;

/**
 * An LSTM that hands on its last step (Keras' LSTM; DL4J's LSTM inside LastTimeStep): the forward pass over all
 * time steps and back-propagation through them, in DL4J's gate order (cell input c, forget f, output o, input i;
 * tanh and sigmoids, no peepholes). The input products of all steps are one matrix product, and so are the weight
 * gradients. Inputs are Keras' [batch, steps, features], row-major.
 */
public final class LstmKernel implements FastLayer {

    private final int steps;   // T
    private final int in;      // features per step
    private final int units;   // H

    private FloatBuffer weights;   // W: [in, 4H] column-major = [4H, in] row-major
    private FloatBuffer recurrent; // RW: [H, 4H] column-major = [4H, H] row-major
    private FloatBuffer bias;      // [4H]
    private FloatBuffer weightGradient;
    private FloatBuffer recurrentGradient;
    private FloatBuffer biasGradient;

    // per batch, time-major: row (t * batch + r). The loops run on heap arrays (plain array code the JIT compiles
    // well); the native buffers are what OpenBLAS reads and writes, copied in bulk to and from them.
    private FloatBuffer x;                // [T × B, in]
    private FloatBuffer inputProducts;    // [T × B, 4H]: x · W for every step
    private FloatBuffer recurrentProduct; // [B, 4H]: h(t - 1) · RW
    private FloatBuffer hidden;           // [(T + 1) × B, H]: block 0 is the zero state, block t + 1 step t's output
    private FloatBuffer gateDeltas;       // [T × B, 4H]
    private FloatBuffer hiddenDelta;      // [B, H]
    private float[] gates;                // [T × B, 4H] activated gates c f o i
    private float[] cells;                // [T × B, H] cell states
    private float[] cellTanh;
    private float[] product;              // [B, 4H]
    private float[] output;               // [B, H]
    private float[] deltas;               // [T × B, 4H]
    private float[] dh;                   // [B, H]
    private float[] dc;                   // [B, H]
    private float[] biasRow;              // [4H]
    private float[] sums;                 // [4H]

    public LstmKernel(int steps, int features, int units) {
        this.steps = steps;
        this.in = features;
        this.units = units;
    }

    @Override
    public List<Param> params() {
        int g = 4 * units;
        return List.of(new Param("W", new long[]{in, g}, 'f'), new Param("RW", new long[]{units, g}, 'f'),
                new Param("b", new long[]{g}, 'c'));
    }

    @Override
    public int inputSize() {
        return steps * in;
    }

    @Override
    public int outputSize() {
        return units;
    }

    @Override
    public long scratchFloats(int maxBatch) {
        long g = 4L * units;
        return (long) steps * maxBatch * (in + 2 * g + units) + (long) maxBatch * (g + 2L * units);
    }

    @Override
    public void bind(FloatBuffer[] params, FloatBuffer[] gradients, int maxBatch, IntFunction<FloatBuffer> memory) {
        weights = params[0];
        recurrent = params[1];
        bias = params[2];
        weightGradient = gradients[0];
        recurrentGradient = gradients[1];
        biasGradient = gradients[2];
        int g = 4 * units;
        x = memory.apply(steps * maxBatch * in);
        inputProducts = memory.apply(steps * maxBatch * g);
        recurrentProduct = memory.apply(maxBatch * g);
        hidden = memory.apply((steps + 1) * maxBatch * units);
        gateDeltas = memory.apply(steps * maxBatch * g);
        hiddenDelta = memory.apply(maxBatch * units);
        gates = new float[steps * maxBatch * g];
        cells = new float[steps * maxBatch * units];
        cellTanh = new float[steps * maxBatch * units];
        product = new float[maxBatch * g];
        output = new float[maxBatch * units];
        deltas = new float[steps * maxBatch * g];
        dh = new float[maxBatch * units];
        dc = new float[maxBatch * units];
        biasRow = new float[g];
        sums = new float[g];
    }

    /** Runs the batch's sequences through the LSTM; leaves the last step's output ([batch, H]) in {@code out}. */
    @Override
    public void forward(FloatBuffer sequences, FloatBuffer out, int batch, int iteration) {
        int g = 4 * units;
        int block = batch * units;
        for (int r = 0; r < batch; r++) {
            for (int t = 0; t < steps; t++) {
                x.put((t * batch + r) * in, sequences, (r * steps + t) * in, in);
            }
        }
        // every step's input product at once, plus the bias
        Blas.gemm(false, true, steps * batch, g, in, 1f, x, in, weights, in, false, inputProducts, g);
        inputProducts.get(0, gates, 0, steps * batch * g);
        bias.get(0, biasRow);
        for (int i = 0, n = steps * batch; i < n; i++) {
            for (int j = 0; j < g; j++) {
                gates[i * g + j] += biasRow[j];
            }
        }
        for (int i = 0; i < block; i++) {
            hidden.put(i, 0f);
        }
        for (int t = 0; t < steps; t++) {
            int zt = t * batch * g;
            if (t > 0) {
                Blas.gemm(false, true, batch, g, units, 1f, Floats.slice(hidden, t * block, block), units,
                        recurrent, units, false, recurrentProduct, g);
                recurrentProduct.get(0, product, 0, batch * g);
                for (int k = 0, n = batch * g; k < n; k++) {
                    gates[zt + k] += product[k];
                }
            }
            for (int r = 0; r < batch; r++) {
                int zr = zt + r * g;
                int cr = t * block + r * units;
                int previous = cr - block;
                for (int j = 0; j < units; j++) {
                    float candidate = Floats.tanh(gates[zr + j]);
                    float forget = Floats.sigmoid(gates[zr + units + j]);
                    float outputGate = Floats.sigmoid(gates[zr + 2 * units + j]);
                    float input = Floats.sigmoid(gates[zr + 3 * units + j]);
                    gates[zr + j] = candidate;
                    gates[zr + units + j] = forget;
                    gates[zr + 2 * units + j] = outputGate;
                    gates[zr + 3 * units + j] = input;
                    float cell = (t > 0 ? forget * cells[previous + j] : 0f) + input * candidate;
                    float cellOut = Floats.tanh(cell);
                    cells[cr + j] = cell;
                    cellTanh[cr + j] = cellOut;
                    output[r * units + j] = cellOut * outputGate;
                }
            }
            hidden.put((t + 1) * block, output, 0, block);
        }
        out.put(0, output, 0, block);
    }

    /** Back-propagation through time from dLoss/d(last output) ([batch, H]): W, RW and b's gradients. */
    @Override
    public void backward(FloatBuffer sequences, FloatBuffer out, FloatBuffer lastDelta, FloatBuffer inputDelta, int batch) {
        int g = 4 * units;
        int block = batch * units;
        lastDelta.get(0, dh, 0, block);
        java.util.Arrays.fill(dc, 0, block, 0f);
        for (int t = steps - 1; t >= 0; t--) {
            int zt = t * batch * g;
            for (int r = 0; r < batch; r++) {
                int zr = zt + r * g;
                int cr = t * block + r * units;
                int previous = cr - block;
                for (int j = 0; j < units; j++) {
                    float candidate = gates[zr + j];
                    float forget = gates[zr + units + j];
                    float outputGate = gates[zr + 2 * units + j];
                    float input = gates[zr + 3 * units + j];
                    float cellOut = cellTanh[cr + j];
                    float dhj = dh[r * units + j];
                    float dcj = dhj * outputGate * (1 - cellOut * cellOut) + dc[r * units + j];
                    float before = t > 0 ? cells[previous + j] : 0f;
                    deltas[zr + j] = dcj * input * (1 - candidate * candidate);
                    deltas[zr + units + j] = dcj * before * forget * (1 - forget);
                    deltas[zr + 2 * units + j] = dhj * cellOut * outputGate * (1 - outputGate);
                    deltas[zr + 3 * units + j] = dcj * candidate * input * (1 - input);
                    dc[r * units + j] = dcj * forget;
                }
            }
            gateDeltas.put(zt, deltas, zt, batch * g);
            if (t > 0) {
                Blas.gemm(false, false, batch, units, g, 1f, Floats.slice(gateDeltas, zt, batch * g), g,
                        recurrent, units, false, hiddenDelta, units);
                hiddenDelta.get(0, dh, 0, block);
            }
        }
        float perExample = 1f / batch; // DL4J's minibatch mode: gradients are averaged over the batch
        Blas.gemm(true, false, g, in, steps * batch, perExample, gateDeltas, g, x, in, false, weightGradient, in);
        if (steps > 1) {
            // step t's recurrent input is the output of step t - 1: hidden block t for t = 1..T-1
            Blas.gemm(true, false, g, units, (steps - 1) * batch, perExample,
                    Floats.slice(gateDeltas, batch * g, (steps - 1) * batch * g), g,
                    Floats.slice(hidden, batch * units, (steps - 1) * batch * units), units, false, recurrentGradient, units);
        } else {
            for (int i = 0, n = g * units; i < n; i++) {
                recurrentGradient.put(i, 0f);
            }
        }
        java.util.Arrays.fill(sums, 0f);
        for (int i = 0, n = steps * batch; i < n; i++) {
            for (int j = 0; j < g; j++) {
                sums[j] += deltas[i * g + j];
            }
        }
        for (int j = 0; j < g; j++) {
            biasGradient.put(j, sums[j] * perExample);
        }
        if (inputDelta != null) {
            throw new IllegalStateException("an LSTM reads the data (or layers without weights): nothing below it learns");
        }
    }
}
