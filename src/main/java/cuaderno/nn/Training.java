package cuaderno.nn;

import cuaderno.data.Permutation;
import cuaderno.nn.engine.Engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.BiConsumer;

/**
 * One call of {@code fit}: the epoch loop, which asks the engine for one step per batch and leaves everything else
 * (progress, NaN stop, early stopping, interrupts, the user's own) to callbacks, Keras-style.
 */
final class Training {

    /** Validation figures of the model as it is now: {loss, accuracy}. */
    interface Validation {
        double[] scores();
    }

    private final Sequential model;
    private final Engine engine;
    private final int rows;
    private final Validation validation; // null without validation data
    private final Fit fit;
    private final boolean accuracy;
    private final History history;
    private String stopReason;
    private boolean abort;
    private int epoch; // the epoch under way, from 0

    Training(Sequential model, Engine engine, int rows, Validation validation, Fit fit, boolean accuracy) {
        this.model = model;
        this.engine = engine;
        this.rows = rows;
        this.validation = validation;
        this.fit = fit;
        this.accuracy = accuracy;
        this.history = new History(engine.description());
    }

    /** Makes the model's DL4J network current, for whatever reads it during training. */
    void sync() {
        engine.sync();
    }

    /** Ends training after this batch; the epoch still ends (without validation if it was cut short). */
    void stop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
    }

    /** Ends training at once: the epoch under way is not recorded. */
    private void abort(String reason) {
        stop(reason);
        abort = true;
    }

    History run() {
        int steps = (rows + fit.batchSize - 1) / fit.batchSize;
        List<Callback> callbacks = new ArrayList<>();
        callbacks.add(new StopOnInterrupt());
        callbacks.add(new TerminateOnNaN());
        callbacks.addAll(fit.callbacks());
        callbacks.add(new Progress(fit.epochs, steps, fit.verbose, history));
        callbacks.forEach(c -> c.setModel(model));
        Map<String, Double> logs = Map.of();
        call(callbacks, (c, l) -> c.onTrainBegin(l), logs);
        Random random = new Random(fit.seed);
        for (epoch = 0; epoch < fit.epochs && stopReason == null; epoch++) {
            long started = System.nanoTime();
            int e = epoch;
            call(callbacks, (c, l) -> c.onEpochBegin(e, l), Map.of());
            int[] order = fit.shuffle ? Permutation.of(rows, random) : Permutation.identity(rows);
            double lossSum = 0;
            long correct = 0;
            long seen = 0;
            for (int step = 0; step < steps && stopReason == null; step++) {
                int from = step * fit.batchSize;
                int to = Math.min(rows, from + fit.batchSize);
                int s = step;
                call(callbacks, (c, l) -> c.onBatchBegin(s, l), Map.of());
                double batchLoss = engine.step(Arrays.copyOfRange(order, from, to));
                long batchCorrect = accuracy ? engine.correct() : 0;
                if (fit.recordSteps) {
                    history.addStep(new History.Step(epoch + 1, step + 1, batchLoss,
                            accuracy ? batchCorrect / (double) (to - from) : Double.NaN));
                }
                lossSum += batchLoss * (to - from);
                correct += batchCorrect;
                seen += to - from;
                call(callbacks, (c, l) -> c.onBatchEnd(s, l), logs(lossSum / seen, correct / (double) seen));
            }
            if (abort) {
                break;
            }
            logs = logs(lossSum / seen, correct / (double) seen);
            double[] val = {Double.NaN, Double.NaN};
            if (validation != null && stopReason == null) {
                val = validation.scores();
            }
            if (validation != null) {
                logs.put("val_loss", val[0]);
                if (accuracy) {
                    logs.put("val_accuracy", val[1]);
                }
            }
            history.add(new History.Epoch(epoch + 1, lossSum / seen, accuracy ? correct / (double) seen : Double.NaN,
                    val[0], accuracy ? val[1] : Double.NaN, (System.nanoTime() - started) / 1e9));
            call(callbacks, (c, l) -> c.onEpochEnd(e, l), logs);
        }
        history.stopped(stopReason);
        call(callbacks, (c, l) -> c.onTrainEnd(l), logs);
        return history;
    }

    /** The figures callbacks get, named as in Keras. */
    private Map<String, Double> logs(double loss, double accuracy) {
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", loss);
        if (this.accuracy) {
            logs.put("accuracy", accuracy);
        }
        return logs;
    }

    private static void call(List<Callback> callbacks, BiConsumer<Callback, Map<String, Double>> hook, Map<String, Double> logs) {
        Map<String, Double> readOnly = Collections.unmodifiableMap(logs);
        for (Callback callback : callbacks) {
            hook.accept(callback, readOnly);
        }
    }

    /** The kernel's interrupt (■): stops at the end of the batch, keeping the weights as they are. */
    private final class StopOnInterrupt implements Callback {
        @Override
        public void onBatchEnd(int batch, Map<String, Double> logs) {
            if (Thread.interrupted()) {
                abort("Training interrupted at epoch " + (epoch + 1) + ", step " + (batch + 1)
                        + ": the model keeps the weights it has; this history holds the epochs before.");
            }
        }
    }

    /** Keras' {@code TerminateOnNaN}, always on: from a NaN or infinite loss on, the weights are useless. */
    private final class TerminateOnNaN implements Callback {
        @Override
        public void onBatchEnd(int batch, Map<String, Double> logs) {
            double loss = logs.get("loss");
            if (Double.isNaN(loss) || Double.isInfinite(loss)) {
                stop(String.format(Locale.ROOT, "Training stopped at epoch %d, step %d: the loss became %s."
                                + " The weights are no longer numbers; usually the outputs are not probabilities"
                                + " (no softmax before a cross-entropy loss) or the learning rate is too high.",
                        epoch + 1, batch + 1, Double.isNaN(loss) ? "NaN" : "infinite"));
            }
        }
    }
}
