package cuaderno.nn;

import org.nd4j.linalg.learning.config.AdaDelta;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Optimisers with Keras 2's defaults: {@code Optimizer.sgd()} (0.01), {@code adam()} (0.001), {@code adagrad()}
 * (0.001), {@code rmsprop()} (0.001), {@code adadelta()}; each also takes a learning rate.
 */
public final class Optimizer {

    private final String name;
    private final double learningRate;
    private final IUpdater updater;

    private Optimizer(String name, double learningRate, IUpdater updater) {
        this.name = name;
        this.learningRate = learningRate;
        this.updater = updater;
    }

    private static double checked(double learningRate) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new ModelError("the learning rate must be a positive number, not " + learningRate
                    + " (Keras' defaults: SGD 0.01, Adam 0.001)");
        }
        return learningRate;
    }

    public static Optimizer sgd() {
        return sgd(0.01);
    }

    public static Optimizer sgd(double learningRate) {
        return new Optimizer("SGD", learningRate, new Sgd(checked(learningRate)));
    }

    /** SGD with Nesterov momentum (DL4J has no plain-momentum SGD). */
    public static Optimizer sgd(double learningRate, double momentum) {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new ModelError("momentum goes from 0 up to (not including) 1, not " + momentum);
        }
        return new Optimizer("SGD", learningRate, new Nesterovs(checked(learningRate), momentum));
    }

    public static Optimizer adam() {
        return adam(0.001);
    }

    public static Optimizer adam(double learningRate) {
        return new Optimizer("Adam", learningRate, new Adam(checked(learningRate), 0.9, 0.999, 1e-7));
    }

    public static Optimizer adagrad() {
        return adagrad(0.001);
    }

    public static Optimizer adagrad(double learningRate) {
        return new Optimizer("Adagrad", learningRate, new AdaGrad(checked(learningRate), 1e-7));
    }

    public static Optimizer rmsprop() {
        return rmsprop(0.001);
    }

    public static Optimizer rmsprop(double learningRate) {
        return new Optimizer("RMSprop", learningRate, new RmsProp(checked(learningRate), 0.9, 1e-7));
    }

    /** Adadelta adapts its own step size (rho 0.95, as Keras). */
    public static Optimizer adadelta() {
        return new Optimizer("Adadelta", 1.0, new AdaDelta(0.95, 1e-7));
    }

    /**
     * What the optimiser's state starts at: Keras' Adagrad starts its squared-gradient accumulator at 0.1, DL4J's
     * at 0, which makes DL4J's first steps far larger; every other optimiser starts at 0 on both sides.
     */
    double initialState() {
        return updater instanceof AdaGrad ? 0.1 : 0.0;
    }

    IUpdater updater() {
        return updater.clone();
    }

    /** What a saved model records to make this optimiser again ({@link #fromConfig}). */
    Map<String, String> config() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("learning_rate", String.valueOf(learningRate));
        if (updater instanceof Nesterovs nesterovs) {
            config.put("momentum", String.valueOf(nesterovs.getMomentum()));
        }
        return config;
    }

    static Optimizer fromConfig(String name, Map<String, String> config) {
        double learningRate = Double.parseDouble(config.get("learning_rate"));
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "adam" -> adam(learningRate);
            case "adagrad" -> adagrad(learningRate);
            case "rmsprop" -> rmsprop(learningRate);
            case "adadelta" -> adadelta();
            default -> config.containsKey("momentum") ? sgd(learningRate, Double.parseDouble(config.get("momentum")))
                    : sgd(learningRate);
        };
    }

    public String name() {
        return name;
    }

    public double learningRate() {
        return learningRate;
    }

    @Override
    public String toString() {
        return name + "(learning rate " + learningRate + ")";
    }
}
