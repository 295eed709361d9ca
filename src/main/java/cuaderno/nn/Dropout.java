package cuaderno.nn;

import cuaderno.nn.engine.DropoutKernel;
import cuaderno.nn.engine.FastLayer;
import cuaderno.nn.engine.KerasDropout;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;

import java.util.Map;

/**
 * Keras' {@code Dropout(rate)}: while training, sets a fraction {@code rate} of its inputs to zero and scales the
 * others by 1 / (1 - rate) (inverted dropout), so nothing changes at prediction time.
 */
public record Dropout(double rate) implements Layer {

    public Dropout {
        if (!(rate >= 0 && rate < 1)) {
            throw new ModelError("Dropout rate is the fraction of inputs dropped, from 0 up to (not including) 1; got " + rate);
        }
    }

    @Override
    public String typeName() {
        return "Dropout";
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return inputShape;
    }

    @Override
    public org.deeplearning4j.nn.conf.layers.Layer toDl4j(int[] inputShape, Loss lossIfLast, long seed) {
        if (lossIfLast != null) {
            throw new ModelError("the last layer is a Dropout: a model ends with the layer that gives its output");
        }
        return new DropoutLayer.Builder(new KerasDropout(rate, seed)).build();
    }

    /** The same masks as DL4J's ({@link KerasDropout}): both engines drop the same values at the same step. */
    @Override
    public FastLayer fastLayer(int[] inputShape, long seed) {
        return new DropoutKernel(Math.toIntExact(Shapes.size(inputShape)), rate, seed);
    }

    @Override
    public Map<String, String> config() {
        return Map.of("rate", String.valueOf(rate));
    }

    public static Dropout fromConfig(Map<String, String> config) {
        return new Dropout(Double.parseDouble(config.get("rate")));
    }
}
