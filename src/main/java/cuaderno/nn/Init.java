package cuaderno.nn;

import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitDistribution;

/** Initialisers with Keras' names. TF1's {@code tf.random_normal} is {@code randomNormal(1.0)}: N(0, 1). */
public final class Init {

    private final String name;
    private final IWeightInit weights;
    private final Double constant;

    private Init(String name, IWeightInit weights, Double constant) {
        this.name = name;
        this.weights = weights;
        this.constant = constant;
    }

    public static Init glorotUniform() {
        return new Init("glorot_uniform", WeightInit.XAVIER_UNIFORM.getWeightInitFunction(), null);
    }

    public static Init heNormal() {
        return new Init("he_normal", WeightInit.RELU.getWeightInitFunction(), null);
    }

    public static Init heUniform() {
        return new Init("he_uniform", WeightInit.RELU_UNIFORM.getWeightInitFunction(), null);
    }

    /** Normal with mean 0 and the given standard deviation. */
    public static Init randomNormal(double stddev) {
        if (!(stddev > 0)) {
            throw new ModelError("randomNormal needs a positive standard deviation, not " + stddev);
        }
        return new Init("random_normal(" + stddev + ")", new WeightInitDistribution(new NormalDistribution(0, stddev)), null);
    }

    public static Init zeros() {
        return new Init("zeros", null, 0.0);
    }

    IWeightInit weights() {
        if (weights == null) {
            return WeightInit.ZERO.getWeightInitFunction();
        }
        return weights;
    }

    /** For biases DL4J takes a constant; other initialisers for biases are applied after init. */
    Double constant() {
        return constant;
    }

    @Override
    public String toString() {
        return name;
    }
}
