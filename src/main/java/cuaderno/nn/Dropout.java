package cuaderno.nn;

/** Keras' {@code Dropout(rate)}: while training, sets a fraction {@code rate} of its inputs to zero. */
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
}
