package cuaderno.nn.engine;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Keras optimiser that DL4J lacks (SGD with plain momentum) or computes otherwise (Nadam; Adamax, whose ε DL4J
 * leaves out; Adadelta with a learning rate), for DL4J's fit: the same {@link UpdateRule} the fast engine runs, applied to DL4J's gradient and state.
 * Its fields are what a saved model records.
 */
public final class KerasUpdater implements IUpdater {

    private final String kind; // "momentum", "adadelta", "adamax" or "nadam"
    private final double learningRate;
    private final double beta1;   // momentum's μ, Adadelta's ρ, Nadam's β1
    private final double beta2;   // Nadam's β2
    private final double epsilon;

    public KerasUpdater(@JsonProperty("kind") String kind, @JsonProperty("learningRate") double learningRate,
                        @JsonProperty("beta1") double beta1, @JsonProperty("beta2") double beta2,
                        @JsonProperty("epsilon") double epsilon) {
        this.kind = kind;
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        rule(); // an unknown kind fails now
    }

    public static KerasUpdater momentum(double learningRate, double momentum) {
        return new KerasUpdater("momentum", learningRate, momentum, 0, 0);
    }

    public static KerasUpdater adadelta(double learningRate, double rho, double epsilon) {
        return new KerasUpdater("adadelta", learningRate, rho, 0, epsilon);
    }

    public static KerasUpdater adamax(double learningRate, double beta1, double beta2, double epsilon) {
        return new KerasUpdater("adamax", learningRate, beta1, beta2, epsilon);
    }

    public static KerasUpdater nadam(double learningRate, double beta1, double beta2, double epsilon) {
        return new KerasUpdater("nadam", learningRate, beta1, beta2, epsilon);
    }

    /** The rule this optimiser applies. */
    public UpdateRule rule() {
        return switch (kind) {
            case "momentum" -> Updates.momentum(learningRate, beta1);
            case "adadelta" -> Updates.adadelta(learningRate, beta1, epsilon);
            case "adamax" -> Updates.adamax(learningRate, beta1, beta2, epsilon);
            case "nadam" -> Updates.nadam(learningRate, beta1, beta2, epsilon);
            default -> throw new IllegalArgumentException("no Keras optimiser " + kind);
        };
    }

    @Override
    public long stateSize(long numParams) {
        return rule().stateNames().size() * numParams;
    }

    @Override
    public GradientUpdater<KerasUpdater> instantiate(INDArray viewArray, boolean initialize) {
        Applier applier = new Applier();
        applier.setStateViewArray(viewArray, viewArray.shape(), viewArray.ordering(), initialize);
        return applier;
    }

    @Override
    public GradientUpdater<KerasUpdater> instantiate(Map<String, INDArray> state, boolean initialize) {
        Applier applier = new Applier();
        applier.setState(state, initialize);
        return applier;
    }

    @Override
    public KerasUpdater clone() {
        return new KerasUpdater(kind, learningRate, beta1, beta2, epsilon);
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return learningRate;
    }

    @Override
    public boolean hasLearningRate() {
        return true;
    }

    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        throw new UnsupportedOperationException("Cuaderno's Keras optimisers have a fixed learning rate");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KerasUpdater u && u.kind.equals(kind) && u.learningRate == learningRate
                && u.beta1 == beta1 && u.beta2 == beta2 && u.epsilon == epsilon;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, learningRate, beta1, beta2, epsilon);
    }

    @Override
    public String toString() {
        return "KerasUpdater(" + kind + ", lr " + learningRate + ")";
    }

    /** DL4J's side: turns a gradient into the update DL4J subtracts, keeping the state in DL4J's arrays. */
    private final class Applier implements GradientUpdater<KerasUpdater> {
        private final UpdateRule rule = rule();
        private final Map<String, INDArray> state = new LinkedHashMap<>();

        @Override
        public KerasUpdater getConfig() {
            return KerasUpdater.this;
        }

        @Override
        public void setState(Map<String, INDArray> stateMap, boolean initialize) {
            state.clear();
            for (String name : rule.stateNames()) {
                INDArray array = Objects.requireNonNull(stateMap.get(name), "updater state " + name);
                if (initialize) {
                    array.assign(rule.initialState());
                }
                state.put(name, array);
            }
        }

        @Override
        public Map<String, INDArray> getState() {
            return state;
        }

        @Override
        public void setStateViewArray(INDArray view, long[] gradientShape, char gradientOrder, boolean initialize) {
            INDArray flat = view.reshape(1, view.length());
            long n = view.length() / Math.max(1, rule.stateNames().size());
            Map<String, INDArray> parts = new LinkedHashMap<>();
            List<String> names = rule.stateNames();
            for (int k = 0; k < names.size(); k++) {
                parts.put(names.get(k), flat.get(NDArrayIndex.interval(0, 1), NDArrayIndex.interval(k * n, (k + 1) * n)));
            }
            setState(parts, initialize);
        }

        /** Runs the rule on a copy of the parameters that starts at 0: what it subtracts is DL4J's update. */
        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            int n = Math.toIntExact(gradient.length());
            float[] update = new float[n];
            float[][] s = state.values().stream().map(a -> a.dup('c').data().asFloat()).toArray(float[][]::new);
            rule.apply(update, gradient.dup('c').data().asFloat(), s, n, iteration);
            for (int i = 0; i < n; i++) {
                update[i] = -update[i];
            }
            gradient.assign(org.nd4j.linalg.factory.Nd4j.create(update, gradient.shape(), 'c'));
            int k = 0;
            for (INDArray array : state.values()) {
                array.assign(org.nd4j.linalg.factory.Nd4j.create(s[k++], array.shape(), 'c'));
            }
        }
    }
}
