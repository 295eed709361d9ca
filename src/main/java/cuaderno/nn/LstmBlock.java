package cuaderno.nn;

import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.FloatBuffer;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;

/**
 * The first layer of a {@link BlasTrainer} stack when it is an LSTM that hands on its last step (Keras' LSTM,
 * DL4J's LSTM in LastTimeStep): the forward pass over all time steps and back-propagation through them, on DL4J's
 * parameters in DL4J's gate order (cell input c, forget f, output o, input i; tanh and sigmoids, no peepholes).
 * The input products of all steps are one matrix product, and so are the weight gradients.
 */
final class LstmBlock {

    private final int in;      // features per time step
    private final int units;   // H
    private final int steps;   // T
    private final INDArray data;         // held: the buffer below views its memory
    private final FloatBuffer inputs;    // training data [examples, steps, features], row-major
    private final FloatBuffer weights;   // W: [in, 4H] column-major = [4H, in] row-major
    private final FloatBuffer recurrent; // RW: [H, 4H] column-major = [4H, H] row-major
    private final FloatBuffer params;
    private final int biasOffset;
    private final FloatBuffer weightGradient;
    private final FloatBuffer recurrentGradient;
    private final FloatBuffer gradient;

    // per batch, time-major: row (t * batch + r). The loops run on heap arrays (plain array code the JIT compiles
    // well); the direct buffers are what OpenBLAS reads and writes, copied in bulk to and from them.
    private final FloatBuffer x;          // [T × B, in]
    private final FloatBuffer inputProducts; // [T × B, 4H]: x · W for every step
    private final FloatBuffer recurrentProduct; // [B, 4H]: h(t - 1) · RW
    private final FloatBuffer hidden;     // [(T + 1) × B, H]: block 0 is the zero state, block t + 1 step t's output
    private final FloatBuffer gateDeltas; // [T × B, 4H]
    private final FloatBuffer hiddenDelta; // [B, H]
    private final float[] gates;          // [T × B, 4H] activated gates c f o i
    private final float[] cells;          // [T × B, H] cell states
    private final float[] cellTanh;
    private final float[] rowOfSteps;     // one example's [T, in] inputs
    private final float[] product;        // [B, 4H]
    private final float[] output;         // [B, H]
    private final float[] deltas;         // [T × B, 4H]
    private final float[] dh;             // [B, H]
    private final float[] dc;             // [B, H]
    private final float[] bias;           // [4H], read from the parameters each step

    /** Layer 0 of {@code net}'s parameters (W, RW, b from offset 0) and gradient; inputs [examples, steps, in]. */
    LstmBlock(INDArray data, FloatBuffer params, FloatBuffer gradient, int in, int units, int maxBatch) {
        this.in = in;
        this.units = units;
        this.steps = (int) data.size(1);
        this.data = data;
        this.inputs = Floats.of(data);
        int g = 4 * units;
        this.params = params;
        this.gradient = gradient;
        weights = Floats.slice(params, 0, in * g);
        recurrent = Floats.slice(params, in * g, units * g);
        biasOffset = in * g + units * g;
        weightGradient = Floats.slice(gradient, 0, in * g);
        recurrentGradient = Floats.slice(gradient, in * g, units * g);
        x = Floats.direct(steps * maxBatch * in);
        inputProducts = Floats.direct(steps * maxBatch * g);
        recurrentProduct = Floats.direct(maxBatch * g);
        hidden = Floats.direct((steps + 1) * maxBatch * units);
        gateDeltas = Floats.direct(steps * maxBatch * g);
        hiddenDelta = Floats.direct(maxBatch * units);
        gates = new float[steps * maxBatch * g];
        cells = new float[steps * maxBatch * units];
        cellTanh = new float[steps * maxBatch * units];
        rowOfSteps = new float[in * steps];
        product = new float[maxBatch * g];
        output = new float[maxBatch * units];
        deltas = new float[steps * maxBatch * g];
        dh = new float[maxBatch * units];
        dc = new float[maxBatch * units];
        bias = new float[4 * units];
    }

    /** Parameters the layer has: W, RW and b. */
    static int paramCount(int in, int units) {
        return 4 * units * (in + units + 1);
    }

    /** Runs the rows' sequences through the LSTM; leaves the last step's output ([batch, H]) in {@code out}. */
    void forward(int[] rows, FloatBuffer out) {
        int batch = rows.length;
        int g = 4 * units;
        int block = batch * units;
        for (int r = 0; r < batch; r++) {
            inputs.get(rows[r] * rowOfSteps.length, rowOfSteps);
            for (int t = 0; t < steps; t++) {
                int at = (t * batch + r) * in;
                for (int f = 0; f < in; f++) {
                    x.put(at + f, rowOfSteps[t * in + f]);
                }
            }
        }
        // every step's input product at once, plus the bias
        openblas_nolapack.cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, steps * batch, g, in,
                1f, x, in, weights, in, 0f, inputProducts, g);
        inputProducts.get(0, gates, 0, steps * batch * g);
        params.get(biasOffset, bias);
        for (int i = 0, n = steps * batch; i < n; i++) {
            for (int j = 0; j < g; j++) {
                gates[i * g + j] += bias[j];
            }
        }
        for (int i = 0; i < block; i++) {
            hidden.put(i, 0f);
        }
        for (int t = 0; t < steps; t++) {
            int zt = t * batch * g;
            if (t > 0) {
                openblas_nolapack.cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, batch, g, units,
                        1f, Floats.slice(hidden, t * block, block), units, recurrent, units, 0f, recurrentProduct, g);
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

    /** Back-propagation through time from dLoss/d(last output) ([batch, H]); writes W, RW and b's gradients. */
    void backward(int batch, FloatBuffer lastDelta) {
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
                openblas_nolapack.cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, batch, units, g,
                        1f, Floats.slice(gateDeltas, zt, batch * g), g, recurrent, units, 0f, hiddenDelta, units);
                hiddenDelta.get(0, dh, 0, block);
            }
        }
        float perExample = 1f / batch; // DL4J's minibatch mode: gradients are averaged over the batch
        openblas_nolapack.cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, g, in, steps * batch,
                perExample, gateDeltas, g, x, in, 0f, weightGradient, in);
        if (steps > 1) {
            // step t's recurrent input is the output of step t - 1: hidden block t for t = 1..T-1
            openblas_nolapack.cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, g, units, (steps - 1) * batch,
                    perExample, Floats.slice(gateDeltas, batch * g, (steps - 1) * batch * g), g,
                    Floats.slice(hidden, batch * units, (steps - 1) * batch * units), units, 0f, recurrentGradient, units);
        } else {
            for (int i = 0, n = g * units; i < n; i++) {
                recurrentGradient.put(i, 0f);
            }
        }
        float[] sums = new float[g];
        for (int i = 0, n = steps * batch; i < n; i++) {
            for (int j = 0; j < g; j++) {
                sums[j] += deltas[i * g + j];
            }
        }
        for (int j = 0; j < g; j++) {
            gradient.put(biasOffset + j, sums[j] * perExample);
        }
    }
}
