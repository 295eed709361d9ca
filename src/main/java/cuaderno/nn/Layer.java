package cuaderno.nn;

import cuaderno.nn.engine.FastLayer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * A layer of a {@link Sequential} model, as in Keras: {@link Dense}, {@link LSTM}, {@link Dropout},
 * {@link Activation}. Each layer describes itself: its output shape and parameter count (Keras' summary row), its
 * DL4J configuration, its weights in Keras' layout, the config a saved model records, and (where it has one) its
 * step for the fast training engine. A new layer type is one class implementing this interface.
 * <p>
 * Shapes are one example's, without the batch: {@code [784]} for rows of 784 numbers, {@code [28, 28]} for 28 time
 * steps of 28 features; -1 where any size goes (Keras' None).
 */
public interface Layer {

    /** Keras' class name, shown by {@code summary()} and recorded by {@code save()}. */
    String typeName();

    /** The input shape this layer declares (Keras' {@code input_dim} / {@code input_shape}), or null. */
    default int[] declaredInputShape() {
        return null;
    }

    /** One example's output shape for one example's input shape; a {@link ModelError} if it cannot take that input. */
    int[] outputShape(int[] inputShape);

    /** Trainable parameters for that input, as Keras counts them. */
    default long countParams(int[] inputShape) {
        return 0;
    }

    /**
     * DL4J's configuration of this layer. {@code lossIfLast} is the model's loss when this is the last layer (which
     * then computes it), otherwise null; {@code seed} is this layer's own seed, derived from the model's.
     */
    org.deeplearning4j.nn.conf.layers.Layer toDl4j(int[] inputShape, Loss lossIfLast, long seed);

    /**
     * This layer's forward and backward step for the fast engine, for one example's input shape as the data has it
     * and the layer's seed (the same as {@link #toDl4j}'s). A layer without one trains through DL4J's fit: the
     * exception's message says why, and summary() and the History show it.
     */
    default FastLayer fastLayer(int[] inputShape, long seed) {
        throw new UnsupportedOperationException(typeName() + " layers train only through DL4J's fit");
    }

    /** Sets what DL4J's initialisers cannot (run once, after the network's own initialisation). */
    default void initialize(org.deeplearning4j.nn.api.Layer dl4j) {
    }

    /** Keras' {@code get_config()}: what a saved model records to build this layer again with {@code fromConfig}. */
    Map<String, String> config();

    /** Keras' weights of this layer, by Keras' names ({@code kernel:0}, {@code bias:0}...) and in Keras' layouts. */
    default Map<String, INDArray> weights(org.deeplearning4j.nn.api.Layer dl4j) {
        return Map.of();
    }

    /** Sets weights given as {@link #weights} returns them (same names and shapes). */
    default void setWeights(org.deeplearning4j.nn.api.Layer dl4j, Map<String, INDArray> weights) {
    }

    /**
     * A layer saved by {@code save()}: the class {@code cuaderno.nn.<type>} builds it from its config with its static
     * {@code fromConfig(Map<String, String>)}, as Keras' {@code from_config}.
     */
    static Layer fromConfig(String type, Map<String, String> config) {
        try {
            Class<?> layerClass = Class.forName(Layer.class.getPackageName() + "." + type, true, Layer.class.getClassLoader());
            return (Layer) layerClass.getMethod("fromConfig", Map.class).invoke(null, config);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new ModelError("cannot rebuild " + type + ": " + e.getCause());
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new ModelError("a saved model has a layer of type " + type + ", which this version of Cuaderno does not know");
        }
    }
}
