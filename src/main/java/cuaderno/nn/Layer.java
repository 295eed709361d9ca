package cuaderno.nn;

/** A layer of a {@link Sequential} model, as in Keras: {@link Dense}, {@link LSTM}, {@link Dropout}, {@link Activation}. */
public sealed interface Layer permits Dense, LSTM, Dropout, Activation {

    /** Keras' type name, shown by {@code summary()}. */
    String typeName();
}
