package cuaderno.nn;

import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Keras' callbacks: code that {@code fit} calls at the start and end of training, of each epoch and of each batch,
 * with that moment's figures ({@code logs}: "loss", "accuracy" when compiled with it, "val_loss" and "val_accuracy"
 * at epoch ends with validation data; batch logs hold the epoch's running means). Epochs and batches count from 0,
 * as in Keras. To stop training, call {@code model.stopTraining(reason)} (Keras' {@code model.stop_training = True}):
 * <pre>
 * model.fit(x, y, Fit.epochs(50).callbacks(
 *         Callback.onEpochEnd((epoch, logs) -> {
 *             if (logs.get("accuracy") > 0.99) model.stopTraining("accuracy above 0.99");
 *         }),
 *         new EarlyStopping("val_loss", 3)));
 * </pre>
 * During {@code fit}, {@code model.network()}, {@code predict} and {@code evaluate} see the weights as they are.
 */
public interface Callback {

    /** The model being trained, given before training starts (Keras' {@code set_model}). */
    default void setModel(Sequential model) {
    }

    default void onTrainBegin(Map<String, Double> logs) {
    }

    default void onTrainEnd(Map<String, Double> logs) {
    }

    default void onEpochBegin(int epoch, Map<String, Double> logs) {
    }

    default void onEpochEnd(int epoch, Map<String, Double> logs) {
    }

    default void onBatchBegin(int batch, Map<String, Double> logs) {
    }

    default void onBatchEnd(int batch, Map<String, Double> logs) {
    }

    /** A callback that runs {@code action} at the end of every epoch. */
    static Callback onEpochEnd(BiConsumer<Integer, Map<String, Double>> action) {
        return new Callback() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                action.accept(epoch, logs);
            }
        };
    }

    /** A callback that runs {@code action} at the end of every batch. */
    static Callback onBatchEnd(BiConsumer<Integer, Map<String, Double>> action) {
        return new Callback() {
            @Override
            public void onBatchEnd(int batch, Map<String, Double> logs) {
                action.accept(batch, logs);
            }
        };
    }
}
