package cuaderno.nn;

import org.nd4j.linalg.activations.Activation;

import java.util.Map;

/** Keras' activation names and their DL4J functions. */
final class Activations {

    private static final Map<String, Activation> BY_NAME = Map.of(
            "linear", Activation.IDENTITY,
            "relu", Activation.RELU,
            "sigmoid", Activation.SIGMOID,
            "tanh", Activation.TANH,
            "softmax", Activation.SOFTMAX,
            "elu", Activation.ELU,
            "selu", Activation.SELU,
            "softplus", Activation.SOFTPLUS);

    private Activations() {
    }

    static Activation of(String name) {
        if (name == null) {
            return Activation.IDENTITY;
        }
        Activation activation = BY_NAME.get(name.toLowerCase(java.util.Locale.ROOT));
        if (activation == null) {
            throw new ModelError("unknown activation '" + name + "'; use one of " + new java.util.TreeSet<>(BY_NAME.keySet()));
        }
        return activation;
    }
}
