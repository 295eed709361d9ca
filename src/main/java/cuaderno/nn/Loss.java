package cuaderno.nn;

import cuaderno.nn.engine.Objective;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;
import org.nd4j.linalg.lossfunctions.impl.LossSparseMCXENT;

/** Keras' losses: categorical cross-entropy (one-hot labels), sparse (digit labels), mean squared error. */
public enum Loss {
    CATEGORICAL_CROSSENTROPY("categorical_crossentropy"),
    SPARSE_CATEGORICAL_CROSSENTROPY("sparse_categorical_crossentropy"),
    MSE("mse");

    private final String kerasName;

    Loss(String kerasName) {
        this.kerasName = kerasName;
    }

    /** By Keras name, e.g. {@code Loss.of("sparse_categorical_crossentropy")}. */
    public static Loss of(String name) {
        for (Loss loss : values()) {
            if (loss.kerasName.equalsIgnoreCase(name) || loss.name().equalsIgnoreCase(name)) {
                return loss;
            }
        }
        throw new ModelError("unknown loss '" + name + "'; use categorical_crossentropy (one-hot labels), "
                + "sparse_categorical_crossentropy (labels 0..n-1) or mse");
    }

    ILossFunction function() {
        return switch (this) {
            case CATEGORICAL_CROSSENTROPY -> new LossMCXENT();
            case SPARSE_CATEGORICAL_CROSSENTROPY -> new LossSparseMCXENT();
            case MSE -> new LossMSE();
        };
    }

    /** The same loss in the fast engine. */
    Objective objective() {
        return switch (this) {
            case CATEGORICAL_CROSSENTROPY -> Objective.CROSS_ENTROPY;
            case SPARSE_CATEGORICAL_CROSSENTROPY -> Objective.SPARSE_CROSS_ENTROPY;
            case MSE -> Objective.MSE;
        };
    }

    boolean sparse() {
        return this == SPARSE_CATEGORICAL_CROSSENTROPY;
    }

    @Override
    public String toString() {
        return kerasName;
    }
}
