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
    private final FloatBuffer inputs;    // training data [examples, features, steps], row-major
    private final FloatBuffer weights;   // W: [in, 4H] column-major = [4H, in] row-major
    private final FloatBuffer recurrent; // RW: [H, 4H] column-major = [4H, H] row-major
    private final FloatBuffer params;
    private final int biasOffset;
    private final FloatBuffer weightGradient;
    private final FloatBuffer recurrentGradient;
    private final FloatBuffer gradient;

    // per batch, time-major: row (t * batch + r)
    private final FloatBuffer x;       // [T × B, in]
    private final FloatBuffer gates;   // [T × B, 4H] activated gates c f o i
    private final FloatBuffer cells;   // [T × B, H] cell states
    private final FloatBuffer cellTanh;
    private final FloatBuffer hidden;  // [(T + 1) × B, H]: block 0 is the zero state, block t + 1 the output of step t
    private final FloatBuffer gateDeltas; // [T × B, 4H]
    private final FloatBuffer hiddenDelta;
    private final FloatBuffer cellDelta;
    private final float[] row;

    /** Layer 0 of {@code net}'s parameters (W, RW, b from offset 0) and gradient; inputs [examples, in, steps]. */
    LstmBlock(INDArray data, FloatBuffer params, FloatBuffer gradient, int in, int units, int maxBatch) {
        this.in = in;
        this.units = units;
        this.steps = (int) data.size(2);
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
        gates = Floats.direct(steps * maxBatch * g);
        cells = Floats.direct(steps * maxBatch * units);
        cellTanh = Floats.direct(steps * maxBatch * units);
        hidden = Floats.direct((steps + 1) * maxBatch * units);
        gateDeltas = Floats.direct(steps * maxBatch * g);
        hiddenDelta = Floats.direct(maxBatch * units);
        cellDelta = Floats.direct(maxBatch * units);
        row = new float[in * steps];
    }

    /** Parameters the layer has: W, RW and b. */
    static int paramCount(int in, int units) {
        return 4 * units * (in + units + 1);
    }

    /** Runs the rows' sequences through the LSTM; leaves the last step's output ([batch, H]) in {@code out}. */
    void forward(int[] rows, FloatBuffer out) {
        int batch = rows.length;
        int g = 4 * units;
        for (int r = 0; r < batch; r++) {
            inputs.get(rows[r] * row.length, row);
            for (int t = 0; t < steps; t++) {
                int at = (t * batch + r) * in;
                for (int f = 0; f < in; f++) {
                    x.put(at + f, row[f * steps + t]);
                }
            }
        }
        // every step's input product at once, plus the bias
        openblas_nolapack.cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, steps * batch, g, in,
                1f, x, in, weights, in, 0f, gates, g);
        for (int i = 0, n = steps * batch; i < n; i++) {
            for (int j = 0; j < g; j++) {
                gates.put(i * g + j, gates.get(i * g + j) + params.get(biasOffset + j));
            }
        }
        for (int r = 0, n = batch * units; r < n; r++) {
            hidden.put(r, 0f);
        }
        for (int t = 0; t < steps; t++) {
            FloatBuffer z = Floats.slice(gates, t * batch * g, batch * g);
            if (t > 0) {
                openblas_nolapack.cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, batch, g, units,
                        1f, Floats.slice(hidden, t * batch * units, batch * units), units, recurrent, units, 1f, z, g);
            }
            for (int r = 0; r < batch; r++) {
                int zr = r * g;
                int cr = (t * batch + r) * units;
                int previous = ((t - 1) * batch + r) * units;
                for (int j = 0; j < units; j++) {
                    float candidate = Floats.tanh(z.get(zr + j));
                    float forget = Floats.sigmoid(z.get(zr + units + j));
                    float output = Floats.sigmoid(z.get(zr + 2 * units + j));
                    float input = Floats.sigmoid(z.get(zr + 3 * units + j));
                    z.put(zr + j, candidate);
                    z.put(zr + units + j, forget);
                    z.put(zr + 2 * units + j, output);
                    z.put(zr + 3 * units + j, input);
                    float cell = (t > 0 ? forget * cells.get(previous + j) : 0f) + input * candidate;
                    float cellOut = Floats.tanh(cell);
                    cells.put(cr + j, cell);
                    cellTanh.put(cr + j, cellOut);
                    hidden.put(cr + batch * units + j, cellOut * output);
                }
            }
        }
        out.put(0, hidden, steps * batch * units, batch * units);
    }

    /** Back-propagation through time from dLoss/d(last output) ([batch, H]); writes W, RW and b's gradients. */
    void backward(int batch, FloatBuffer lastDelta) {
        int g = 4 * units;
        hiddenDelta.put(0, lastDelta, 0, batch * units);
        for (int i = 0, n = batch * units; i < n; i++) {
            cellDelta.put(i, 0f);
        }
        for (int t = steps - 1; t >= 0; t--) {
            for (int r = 0; r < batch; r++) {
                int zr = (t * batch + r) * g;
                int cr = (t * batch + r) * units;
                int previous = ((t - 1) * batch + r) * units;
                for (int j = 0; j < units; j++) {
                    float candidate = gates.get(zr + j);
                    float forget = gates.get(zr + units + j);
                    float output = gates.get(zr + 2 * units + j);
                    float input = gates.get(zr + 3 * units + j);
                    float cellOut = cellTanh.get(cr + j);
                    float dh = hiddenDelta.get(r * units + j);
                    float dc = dh * output * (1 - cellOut * cellOut) + cellDelta.get(r * units + j);
                    float before = t > 0 ? cells.get(previous + j) : 0f;
                    gateDeltas.put(zr + j, dc * input * (1 - candidate * candidate));
                    gateDeltas.put(zr + units + j, dc * before * forget * (1 - forget));
                    gateDeltas.put(zr + 2 * units + j, dh * cellOut * output * (1 - output));
                    gateDeltas.put(zr + 3 * units + j, dc * candidate * input * (1 - input));
                    cellDelta.put(r * units + j, dc * forget);
                }
            }
            if (t > 0) {
                openblas_nolapack.cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, batch, units, g,
                        1f, Floats.slice(gateDeltas, t * batch * g, batch * g), g, recurrent, units, 0f, hiddenDelta, units);
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
                sums[j] += gateDeltas.get(i * g + j);
            }
        }
        for (int j = 0; j < g; j++) {
            gradient.put(biasOffset + j, sums[j] * perExample);
        }
    }
}
