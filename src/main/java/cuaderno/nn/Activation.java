package cuaderno.nn;

import cuaderno.nn.engine.Act;
import cuaderno.nn.engine.ActivationKernel;
import cuaderno.nn.engine.FastLayer;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;

import java.util.Map;

/** Keras' {@code Activation(name)} layer: applies a function ("relu", "softmax"...) to its input; no weights. */
public record Activation(String name) implements Layer {

    public Activation {
        Activations.of(name);
    }

    @Override
    public String typeName() {
        return "Activation";
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return inputShape;
    }

    @Override
    public org.deeplearning4j.nn.conf.layers.Layer toDl4j(int[] inputShape, Loss lossIfLast, long seed) {
        var function = Activations.of(name);
        if (lossIfLast == null) {
            return new ActivationLayer.Builder().activation(function).build();
        }
        LossLayer output = new LossLayer.Builder(lossIfLast.function()).activation(function).build();
        // its builder refuses sizes, but without them DL4J infers an output of size 0 (and warns about it)
        output.setNIn(Shapes.size(inputShape));
        output.setNOut(Shapes.size(inputShape));
        return output;
    }

    @Override
    public FastLayer fastLayer(int[] inputShape, long seed) {
        Act act = Act.of(name);
        if (act == null || (act == Act.SOFTMAX && inputShape.length != 1)) {
            throw new UnsupportedOperationException("Activation(\"" + name + "\")" + (act == null
                    ? ": the fast engine has no " + name : " over sequences: the fast engine takes softmax over rows"));
        }
        return new ActivationKernel(Math.toIntExact(Shapes.size(inputShape)), act);
    }

    @Override
    public Map<String, String> config() {
        return Map.of("activation", name);
    }

    public static Activation fromConfig(Map<String, String> config) {
        return new Activation(config.get("activation"));
    }
}
