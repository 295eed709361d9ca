package cuaderno.nn;

/** Keras' {@code Activation(name)} layer: applies a function, has no weights. */
public record Activation(String name) implements Layer {

    public Activation {
        Activations.of(name);
    }

    @Override
    public String typeName() {
        return "Activation";
    }
}
