package cuaderno.nn;

import cuaderno.nn.engine.KerasUpdater;
import cuaderno.nn.engine.UpdateRule;
import cuaderno.nn.engine.Updates;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Keras' optimisers with tf.keras 2's defaults and formulas: {@code Optimizer.sgd()} (learning rate 0.01),
 * {@code sgd(lr, momentum)} and {@code sgd(lr, momentum, true)} (Nesterov), {@code rmsprop()} (0.001, ρ 0.9),
 * {@code adagrad()} (0.001, accumulator starting at 0.1), {@code adadelta()} (0.001, ρ 0.95; Keras 2.2 and the
 * paper used 1.0: {@code adadelta(1.0)}), {@code adam()}, {@code adamax()} and {@code nadam()} (0.001, β 0.9 and
 * 0.999); ε 1e-7 throughout. Each also takes a learning rate.
 */
public final class Optimizer {

    private static final double EPSILON = 1e-7;

    private final String name;
    private final Map<String, String> config;
    private final Supplier<IUpdater> updater;
    private final Supplier<UpdateRule> rule;

    private Optimizer(String name, Map<String, String> config, Supplier<IUpdater> updater, Supplier<UpdateRule> rule) {
        this.name = name;
        this.config = config;
        this.updater = updater;
        this.rule = rule;
    }

    private static Map<String, String> config(double learningRate, Object... more) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("learning_rate", String.valueOf(checked(learningRate)));
        for (int i = 0; i < more.length; i += 2) {
            config.put((String) more[i], String.valueOf(more[i + 1]));
        }
        return config;
    }

    private static double checked(double learningRate) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new ModelError("the learning rate must be a positive number, not " + learningRate
                    + " (Keras' defaults: SGD 0.01, Adam 0.001)");
        }
        return learningRate;
    }

    /** Keras' {@code SGD()}: plain gradient descent, learning rate 0.01. */
    public static Optimizer sgd() {
        return sgd(0.01);
    }

    /** Keras' {@code SGD(lr)}: w -= lr · g. */
    public static Optimizer sgd(double learningRate) {
        return new Optimizer("SGD", config(learningRate), () -> new Sgd(learningRate), () -> Updates.sgd(learningRate));
    }

    /** Keras' {@code SGD(lr, momentum)}: v = momentum · v - lr · g; w += v. */
    public static Optimizer sgd(double learningRate, double momentum) {
        return sgd(learningRate, momentum, false);
    }

    /** Keras' {@code SGD(lr, momentum, nesterov)}; with Nesterov: w += momentum · v - lr · g. */
    public static Optimizer sgd(double learningRate, double momentum, boolean nesterov) {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new ModelError("momentum goes from 0 up to (not including) 1, not " + momentum);
        }
        Map<String, String> config = config(learningRate, "momentum", momentum, "nesterov", nesterov);
        return nesterov
                ? new Optimizer("SGD", config, () -> new Nesterovs(learningRate, momentum),
                        () -> Updates.nesterov(learningRate, momentum))
                : new Optimizer("SGD", config, () -> KerasUpdater.momentum(learningRate, momentum),
                        () -> Updates.momentum(learningRate, momentum));
    }

    /** Keras' {@code RMSprop()}: learning rate 0.001, rho 0.9. */
    public static Optimizer rmsprop() {
        return rmsprop(0.001);
    }

    /** Keras' {@code RMSprop(lr)}: each weight's step divided by a moving average (rho 0.9) of its squared gradient. */
    public static Optimizer rmsprop(double learningRate) {
        return new Optimizer("RMSprop", config(learningRate), () -> new RmsProp(learningRate, 0.9, EPSILON),
                () -> Updates.rmsprop(learningRate, 0.9, EPSILON));
    }

    /** Keras' {@code Adagrad()}: learning rate 0.001. */
    public static Optimizer adagrad() {
        return adagrad(0.001);
    }

    /** Keras' Adagrad: its squared-gradient sum starts at 0.1 (DL4J's at 0, which makes early steps far larger). */
    public static Optimizer adagrad(double learningRate) {
        return new Optimizer("Adagrad", config(learningRate), () -> new AdaGrad(learningRate, EPSILON),
                () -> Updates.adagrad(learningRate, EPSILON, 0.1));
    }

    /** Keras' {@code Adadelta()}: learning rate 0.001, rho 0.95. */
    public static Optimizer adadelta() {
        return adadelta(0.001);
    }

    /** Keras' {@code Adadelta(lr)}: steps scaled by moving averages (rho 0.95) of squared gradients and steps. */
    public static Optimizer adadelta(double learningRate) {
        return new Optimizer("Adadelta", config(learningRate), () -> KerasUpdater.adadelta(learningRate, 0.95, EPSILON),
                () -> Updates.adadelta(learningRate, 0.95, EPSILON));
    }

    /** Keras' {@code Adam()}: learning rate 0.001, beta_1 0.9, beta_2 0.999. */
    public static Optimizer adam() {
        return adam(0.001);
    }

    /** Keras' {@code Adam(lr)}, TF1's {@code AdamOptimizer(lr)}: moving averages of the gradient and its square. */
    public static Optimizer adam(double learningRate) {
        return new Optimizer("Adam", config(learningRate), () -> new Adam(learningRate, 0.9, 0.999, EPSILON),
                () -> Updates.adam(learningRate, 0.9, 0.999, EPSILON));
    }

    /** Keras' {@code Adamax()}: learning rate 0.001. */
    public static Optimizer adamax() {
        return adamax(0.001);
    }

    /** Keras' {@code Adamax(lr)}: Adam with the largest recent gradient in place of the squared average. */
    public static Optimizer adamax(double learningRate) {
        return new Optimizer("Adamax", config(learningRate), () -> KerasUpdater.adamax(learningRate, 0.9, 0.999, EPSILON),
                () -> Updates.adamax(learningRate, 0.9, 0.999, EPSILON));
    }

    /** Keras' {@code Nadam()}: learning rate 0.001. */
    public static Optimizer nadam() {
        return nadam(0.001);
    }

    /** Keras' Nadam, with its momentum schedule (DL4J's Nadam has none). */
    public static Optimizer nadam(double learningRate) {
        return new Optimizer("Nadam", config(learningRate), () -> KerasUpdater.nadam(learningRate, 0.9, 0.999, EPSILON),
                () -> Updates.nadam(learningRate, 0.9, 0.999, EPSILON));
    }

    /** An optimiser as a saved model records it ({@link #config}). */
    static Optimizer fromConfig(String name, Map<String, String> config) {
        double learningRate = Double.parseDouble(config.get("learning_rate"));
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "sgd" -> config.containsKey("momentum") ? sgd(learningRate, Double.parseDouble(config.get("momentum")),
                    Boolean.parseBoolean(config.get("nesterov"))) : sgd(learningRate);
            case "rmsprop" -> rmsprop(learningRate);
            case "adagrad" -> adagrad(learningRate);
            case "adadelta" -> adadelta(learningRate);
            case "adam" -> adam(learningRate);
            case "adamax" -> adamax(learningRate);
            case "nadam" -> nadam(learningRate);
            default -> throw new ModelError("unknown optimiser " + name);
        };
    }

    Map<String, String> config() {
        return config;
    }

    /** DL4J's configuration of this optimiser (a new one each time: DL4J keeps and changes them). */
    IUpdater updater() {
        return updater.get();
    }

    /** The fast engine's update (a new one each time: some keep a schedule). */
    UpdateRule rule() {
        return rule.get();
    }

    /** Keras' class name: SGD, RMSprop, Adagrad, Adadelta, Adam, Adamax or Nadam. */
    public String name() {
        return name;
    }

    public double learningRate() {
        return Double.parseDouble(config.get("learning_rate"));
    }

    @Override
    public String toString() {
        return name + config;
    }
}
