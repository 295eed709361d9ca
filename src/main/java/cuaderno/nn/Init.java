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

    /** An initialiser by the name {@link #toString} gives it: {@code glorot_uniform}, {@code random_normal(0.1)}... */
    static Init of(String name) {
        if (name.startsWith("random_normal(") && name.endsWith(")")) {
            return randomNormal(Double.parseDouble(name.substring("random_normal(".length(), name.length() - 1)));
        }
        return switch (name) {
            case "glorot_uniform" -> glorotUniform();
            case "he_normal" -> heNormal();
            case "he_uniform" -> heUniform();
            case "zeros" -> zeros();
            default -> throw new ModelError("unknown initialiser '" + name + "'; use glorot_uniform, he_normal, he_uniform,"
                    + " random_normal(stddev) or zeros");
        };
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
