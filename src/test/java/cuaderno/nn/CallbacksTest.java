package cuaderno.nn;

import cuaderno.data.Digits;
import cuaderno.data.Mnist;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** fit's loop as Keras runs it: callbacks at every moment with Keras' logs, and stopping from a callback. */
class CallbacksTest {

    private static final Digits DIGITS = Mnist.sample().train().first(300);

    private static Sequential model() {
        Sequential model = new Sequential(new Dense(16, "relu").inputDim(784), new Dense(10, "softmax")).seed(5);
        model.compile(Optimizer.adam(), "sparse_categorical_crossentropy", "accuracy");
        return model;
    }

    @Test
    void callbacksHearEveryMomentWithKerasLogs() {
        List<String> heard = new ArrayList<>();
        Callback recorder = new Callback() {
            @Override
            public void onTrainBegin(Map<String, Double> logs) {
                heard.add("train begin");
            }

            @Override
            public void onEpochBegin(int epoch, Map<String, Double> logs) {
                heard.add("epoch " + epoch + " begin");
            }

            @Override
            public void onBatchBegin(int batch, Map<String, Double> logs) {
                heard.add("batch " + batch + " begin");
            }

            @Override
            public void onBatchEnd(int batch, Map<String, Double> logs) {
                heard.add("batch " + batch + " end " + logs.keySet());
            }

            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                heard.add("epoch " + epoch + " end " + logs.keySet());
            }

            @Override
            public void onTrainEnd(Map<String, Double> logs) {
                heard.add("train end");
            }
        };
        History history = model().fit(DIGITS.scaled(), DIGITS.labels(),
                Fit.epochs(2).batchSize(100).validationSplit(1 / 3.0).verbose(0).callbacks(recorder));
        assertEquals(List.of("train begin",
                "epoch 0 begin", "batch 0 begin", "batch 0 end [loss, accuracy]", "batch 1 begin", "batch 1 end [loss, accuracy]",
                "epoch 0 end [loss, accuracy, val_loss, val_accuracy]",
                "epoch 1 begin", "batch 0 begin", "batch 0 end [loss, accuracy]", "batch 1 begin", "batch 1 end [loss, accuracy]",
                "epoch 1 end [loss, accuracy, val_loss, val_accuracy]",
                "train end"), heard);
        assertEquals(2, history.epochs().size());
    }

    @Test
    void epochLogsAreTheHistorysFiguresAndTheModelIsCurrentInCallbacks() {
        Sequential model = model();
        List<Map<String, Double>> epochLogs = new ArrayList<>();
        List<Double> evaluated = new ArrayList<>();
        Digits validation = Mnist.sample().test().first(200);
        History history = model.fit(DIGITS.scaled(), DIGITS.labels(), Fit.epochs(3).verbose(0)
                .validationData(validation.scaled(), validation.labels())
                .callbacks(Callback.onEpochEnd((epoch, logs) -> {
                    epochLogs.add(Map.copyOf(logs));
                    evaluated.add(model.evaluate(validation.scaled(), validation.labels()).loss());
                })));
        for (int e = 0; e < 3; e++) {
            assertEquals(history.loss()[e], epochLogs.get(e).get("loss"), 1e-12);
            assertEquals(history.accuracy()[e], epochLogs.get(e).get("accuracy"), 1e-12);
            assertEquals(history.valLoss()[e], epochLogs.get(e).get("val_loss"), 1e-12);
            assertEquals(history.valLoss()[e], evaluated.get(e), 1e-6, "evaluate in a callback sees the epoch's weights");
        }
    }

    @Test
    void aCallbackStopsTrainingAsKerasStopTraining() {
        Sequential model = model();
        List<Integer> batches = new ArrayList<>();
        History history = model.fit(DIGITS.scaled(), DIGITS.labels(), Fit.epochs(10).batchSize(30).verbose(0)
                .callbacks(Callback.onBatchEnd((batch, logs) -> {
                    batches.add(batch);
                    if (batches.size() == 13) {
                        model.stopTraining("enough batches");
                    }
                })));
        assertEquals(13, batches.size(), "stops right after the batch that asked");
        assertEquals(2, history.epochs().size(), "the epoch cut short still ends");
        assertEquals("enough batches", history.stopReason());
        assertTrue(Double.isNaN(history.valLoss()[1]));
        ModelError outside = assertThrows(ModelError.class, () -> model.stopTraining("now"));
        assertTrue(outside.getMessage().contains("callback"), outside.getMessage());
    }

    /** ■ during the first epoch: the History says so instead of showing an empty table. */
    @Test
    void aHistoryWithoutEpochsSaysWhy() {
        History history = model().fit(DIGITS.scaled(), DIGITS.labels(), Fit.epochs(3).batchSize(30).verbose(0)
                .callbacks(Callback.onBatchEnd((batch, logs) -> {
                    if (batch == 2) {
                        Thread.currentThread().interrupt(); // what the kernel's ■ does to the cell's thread
                    }
                })));
        Thread.interrupted();
        assertTrue(history.epochs().isEmpty(), history.epochs().toString());
        String text = history.toString();
        assertTrue(text.startsWith("No epoch ended") && text.contains("interrupted at epoch 1"), text);
        Map<String, Object> shown = history.toMimeBundle().data();
        for (String type : List.of("text/plain", "text/html", "text/latex", "text/markdown")) {
            assertTrue(((String) shown.get(type)).contains("No epoch ended"), type + ": " + shown.get(type));
        }
    }

    @Test
    void earlyStoppingMonitorsAnyFigureInTheRightDirection() {
        Sequential model = model();
        // accuracy on 300 digits climbs for many epochs: with patience 0 it stops only when it falls back once
        History byAccuracy = model.fit(DIGITS.scaled(), DIGITS.labels(),
                Fit.epochs(40).verbose(0).callbacks(new EarlyStopping("accuracy", 0)));
        double[] accuracy = byAccuracy.accuracy();
        int last = accuracy.length - 1;
        if (last < 39) {
            assertTrue(accuracy[last] <= accuracy[last - 1], "stopped when accuracy did not rise: " + byAccuracy);
        }
        for (int e = 1; e < last; e++) {
            assertTrue(accuracy[e] > accuracy[e - 1], "rose every epoch before the stop: " + byAccuracy);
        }
        assertThrows(ModelError.class, () -> new EarlyStopping("precision", 2));
    }

    /** Seed 004's NaN run: the reason is said once in the cell, by fit's output or by the History, not both. */
    @Test
    void theNanMessageAppearsOnce() {
        Supplier<Sequential> nanModel = () -> {
            Sequential model = new Sequential(new Dense(100).inputDim(784), new Dense(10));
            model.compile(Optimizer.sgd(), "sparse_categorical_crossentropy");
            return model;
        };
        for (int verbose = 0; verbose <= 2; verbose++) {
            int v = verbose;
            History[] history = new History[1];
            String output = captured(() -> history[0] = nanModel.get().fit(DIGITS.pixels(), DIGITS.labels(), Fit.epochs(3).verbose(v)));
            String shown = output + history[0] + history[0].toMimeBundle().data().get("text/html");
            int times = shown.split("the loss became", -1).length - 1;
            assertEquals(verbose == 0 ? 2 : 1, times, "verbose " + verbose + " (text and HTML of the History count"
                    + " once each when only the History says it): " + shown);
            assertTrue(history[0].stopReason().contains("NaN"), history[0].stopReason());
        }
    }

    @Test
    void verboseTwoPrintsOneLinePerEpochAndZeroNothing() {
        String two = captured(() -> model().fit(DIGITS.scaled(), DIGITS.labels(), Fit.epochs(3).batchSize(50).verbose(2)));
        assertEquals(3, two.lines().count(), two);
        assertTrue(two.lines().allMatch(l -> l.matches("Epoch \\d/3 - \\d+s - loss: \\d\\.\\d{4} - accuracy: \\d\\.\\d{4}")), two);
        assertFalse(two.contains("\r"), "no progress bar");
        String zero = captured(() -> model().fit(DIGITS.scaled(), DIGITS.labels(), Fit.epochs(2).verbose(0)));
        assertEquals("", zero);
        String one = captured(() -> model().fit(DIGITS.scaled(), DIGITS.labels(), Fit.epochs(1).batchSize(300).verbose(true)));
        assertTrue(one.contains("\rEpoch 1/1 [====================] 1/1"), one);
        assertThrows(ModelError.class, () -> Fit.epochs(1).verbose(3));
    }

    private static String captured(Runnable action) {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
