package cuaderno.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Keras-level description of a model, one line per fact, saved beside DL4J's file so that a loaded model
 * still prints its summary and knows its loss. The weights and optimiser state are DL4J's.
 */
final class Describe {

    private Describe() {
    }

    static String of(List<Layer> layers, Optimizer optimizer, Loss loss, boolean accuracy, long seed) {
        StringBuilder out = new StringBuilder("# Cuaderno Sequential\n");
        out.append("seed ").append(seed).append('\n');
        out.append("optimizer ").append(optimizer.name()).append(' ').append(optimizer.learningRate()).append('\n');
        out.append("loss ").append(loss).append('\n');
        out.append("accuracy ").append(accuracy).append('\n');
        for (Layer layer : layers) {
            if (layer instanceof Dense d) {
                out.append("dense ").append(d.units()).append(' ').append(d.activation()).append(' ')
                        .append(d.inputDimOrNull() == null ? "-" : d.inputDimOrNull()).append('\n');
            } else if (layer instanceof LSTM l) {
                out.append("lstm ").append(l.units()).append(' ')
                        .append(l.featuresOrNull() == null ? "-" : l.featuresOrNull()).append('\n');
            } else if (layer instanceof Dropout d) {
                out.append("dropout ").append(d.rate()).append('\n');
            } else if (layer instanceof Activation a) {
                out.append("activation ").append(a.name()).append('\n');
            }
        }
        return out.toString();
    }

    static Sequential parse(String text) {
        List<Layer> layers = new ArrayList<>();
        Optimizer optimizer = null;
        Loss loss = null;
        boolean accuracy = false;
        long seed = 42;
        for (String line : text.lines().toList()) {
            String[] f = line.strip().split(" ");
            switch (f[0]) {
                case "seed" -> seed = Long.parseLong(f[1]);
                case "optimizer" -> optimizer = optimizer(f[1], Double.parseDouble(f[2]));
                case "loss" -> loss = Loss.of(f[1]);
                case "accuracy" -> accuracy = Boolean.parseBoolean(f[1]);
                case "dense" -> {
                    Dense dense = new Dense(Integer.parseInt(f[1]), f[2]);
                    layers.add(f[3].equals("-") ? dense : dense.inputDim(Integer.parseInt(f[3])));
                }
                case "lstm" -> {
                    LSTM lstm = new LSTM(Integer.parseInt(f[1]));
                    layers.add(f[2].equals("-") ? lstm : lstm.inputShape(1, Integer.parseInt(f[2])));
                }
                case "dropout" -> layers.add(new Dropout(Double.parseDouble(f[1])));
                case "activation" -> layers.add(new Activation(f[1]));
                default -> {
                    // comments and blank lines
                }
            }
        }
        Sequential model = new Sequential(layers.toArray(Layer[]::new)).seed(seed);
        model.restore(optimizer, loss, accuracy);
        return model;
    }

    private static Optimizer optimizer(String name, double learningRate) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "adam" -> Optimizer.adam(learningRate);
            case "adagrad" -> Optimizer.adagrad(learningRate);
            case "rmsprop" -> Optimizer.rmsprop(learningRate);
            case "adadelta" -> Optimizer.adadelta();
            default -> Optimizer.sgd(learningRate);
        };
    }
}
