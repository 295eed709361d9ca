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

    // per batch, time-major: row (t * batch + r). The loops run on heap arrays, each a plain loop over contiguous
    // values that the JIT turns into vector instructions; the native buffers are what OpenBLAS reads and writes,
    // copied in bulk to and from them.
    private FloatBuffer x;                // [T × B, in]
    private FloatBuffer preactivations;   // [T × B, 4H]: x · W for every step, then + h(t - 1) · RW at step t
    private FloatBuffer hidden;           // [(T + 1) × B, H]: block 0 is the zero state, block t + 1 step t's output
    private FloatBuffer gateDeltas;       // [T × B, 4H]
    private FloatBuffer hiddenDelta;      // [B, H]
    private FloatBuffer recurrentByUnit;  // RW row-major [H, 4H], remade each backward pass (see there)
    private float[] transposing;          // [4H × H], heap room to make it
    private float[] gates;                // [T × B, 4H] activated gates c f o i
    private float[] cells;                // [(T + 1) × B, H] cell states, block 0 the zero state
    private float[] cellTanh;             // [T × B, H]
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
        return (long) steps * maxBatch * (in + 2 * g + units) + (long) maxBatch * 2L * units + g * units;
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
        preactivations = memory.apply(steps * maxBatch * g);
        hidden = memory.apply((steps + 1) * maxBatch * units);
        gateDeltas = memory.apply(steps * maxBatch * g);
        hiddenDelta = memory.apply(maxBatch * units);
        recurrentByUnit = memory.apply(g * units);
        transposing = new float[2 * g * units];
        gates = new float[steps * maxBatch * g];
        cells = new float[(steps + 1) * maxBatch * units];
        cellTanh = new float[steps * maxBatch * units];
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
        int h = units;
        int g = 4 * h;
        int block = batch * h;
        for (int r = 0; r < batch; r++) {
            for (int t = 0; t < steps; t++) {
                x.put((t * batch + r) * in, sequences, (r * steps + t) * in, in);
            }
        }
        // every step's input product at once; each step adds its recurrent product to its block
        Blas.gemm(false, true, steps * batch, g, in, 1f, x, in, weights, in, false, preactivations, g);
        bias.get(0, biasRow);
        for (int t = 0; t < steps; t++) {
            int zt = t * batch * g;
            if (t > 0) {
                Blas.gemm(false, true, batch, g, h, 1f, Floats.slice(hidden, t * block, block), h,
                        recurrent, h, true, Floats.slice(preactivations, zt, batch * g), g);
            }
            preactivations.get(zt, gates, zt, batch * g);
            for (int r = 0; r < batch; r++) {
                int zr = zt + r * g;
                int cr = (t + 1) * block + r * h; // this step's cells; the step before's are a block earlier
                int hr = t * block + r * h;
                for (int j = 0; j < g; j++) {
                    gates[zr + j] += biasRow[j];
                }
                for (int j = zr, end = zr + h; j < end; j++) {
                    gates[j] = Floats.tanh(gates[j]);
                }
                for (int j = zr + h, end = zr + g; j < end; j++) {
                    gates[j] = Floats.sigmoid(gates[j]);
                }
                for (int j = 0; j < h; j++) {
                    cells[cr + j] = gates[zr + h + j] * cells[cr - block + j] + gates[zr + 3 * h + j] * gates[zr + j];
                }
                for (int j = 0; j < h; j++) {
                    float cellOut = Floats.tanh(cells[cr + j]);
                    cellTanh[hr + j] = cellOut;
                    output[r * h + j] = cellOut * gates[zr + 2 * h + j];
                }
            }
            hidden.put((t + 1) * block, output, 0, block);
        }
        out.put(0, output, 0, block);
    }

    /**
     * RW again, transposed. The backward pass's product at every step, dh = δ(t) · RW, runs up to twice as fast
     * (H of 256 and more) with RW's rows as OpenBLAS's columns: OpenBLAS packs RW again at every call, and that
     * layout packs faster. Made once per batch: RW changes only when the optimiser steps.
     */
    private void transposeRecurrent() {
        int g = 4 * units;
        int n = g * units;
        recurrent.get(0, transposing, 0, n); // [4H, H] row-major
        for (int i0 = 0; i0 < g; i0 += 32) {
            for (int j0 = 0; j0 < units; j0 += 32) {
                for (int i = i0, iEnd = Math.min(g, i0 + 32); i < iEnd; i++) {
                    for (int j = j0, jEnd = Math.min(units, j0 + 32); j < jEnd; j++) {
                        transposing[n + j * g + i] = transposing[i * units + j];
                    }
                }
            }
        }
        recurrentByUnit.put(0, transposing, n, n);
    }

    /** Back-propagation through time from dLoss/d(last output) ([batch, H]): W, RW and b's gradients. */
    @Override
    public void backward(FloatBuffer sequences, FloatBuffer out, FloatBuffer lastDelta, FloatBuffer inputDelta, int batch) {
        int h = units;
        int g = 4 * h;
        int block = batch * h;
        transposeRecurrent();
        lastDelta.get(0, dh, 0, block);
        java.util.Arrays.fill(dc, 0, block, 0f);
        for (int t = steps - 1; t >= 0; t--) {
            int zt = t * batch * g;
            for (int r = 0; r < batch; r++) {
                int zr = zt + r * g;
                int cr = (t + 1) * block + r * h;
                int hr = t * block + r * h;
                int br = r * h;
                for (int j = 0; j < h; j++) {
                    float candidate = gates[zr + j];
                    float forget = gates[zr + h + j];
                    float outputGate = gates[zr + 2 * h + j];
                    float input = gates[zr + 3 * h + j];
                    float cellOut = cellTanh[hr + j];
                    float dhj = dh[br + j];
                    float dcj = dhj * outputGate * (1 - cellOut * cellOut) + dc[br + j];
                    deltas[zr + j] = dcj * input * (1 - candidate * candidate);
                    deltas[zr + h + j] = dcj * cells[cr - block + j] * forget * (1 - forget);
                    deltas[zr + 2 * h + j] = dhj * cellOut * outputGate * (1 - outputGate);
                    deltas[zr + 3 * h + j] = dcj * candidate * input * (1 - input);
                    dc[br + j] = dcj * forget;
                }
            }
            gateDeltas.put(zt, deltas, zt, batch * g);
            if (t > 0) {
                Blas.gemm(false, true, batch, h, g, 1f, Floats.slice(gateDeltas, zt, batch * g), g,
                        recurrentByUnit, g, false, hiddenDelta, h);
                hiddenDelta.get(0, dh, 0, block);
            }
        }
        float perExample = 1f / batch; // DL4J's minibatch mode: gradients are averaged over the batch
        Blas.gemm(true, false, g, in, steps * batch, perExample, gateDeltas, g, x, in, false, weightGradient, in);
        if (steps > 1) {
            // step t's recurrent input is the output of step t - 1: hidden block t for t = 1..T-1
            Blas.gemm(true, false, g, h, (steps - 1) * batch, perExample,
                    Floats.slice(gateDeltas, batch * g, (steps - 1) * batch * g), g,
                    Floats.slice(hidden, block, (steps - 1) * block), h, false, recurrentGradient, h);
        } else {
            for (int i = 0, n = g * h; i < n; i++) {
                recurrentGradient.put(i, 0f);
            }
        }
        java.util.Arrays.fill(sums, 0f);
        for (int i = 0, n = steps * batch; i < n; i++) {
            int row = i * g;
            for (int j = 0; j < g; j++) {
                sums[j] += deltas[row + j];
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
