package cuaderno.nn;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Keras-level description of a model, one line per fact ({@code layer Dense units=100 activation=relu ...}),
 * saved inside the model's file so that a loaded model prints its summary, knows its loss and trains on. Each layer
 * writes its own config and is rebuilt from it ({@link Layer#fromConfig}); the weights and optimiser state are DL4J's.
 */
final class Describe {

    private static final String HEADER = "# Cuaderno Sequential";

    private Describe() {
    }

    static String of(List<Layer> layers, int[] inputShape, Optimizer optimizer, Loss loss, boolean accuracy, long seed) {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        out.append("seed ").append(seed).append('\n');
        if (inputShape != null) {
            out.append("input ").append(Arrays.stream(inputShape).mapToObj(String::valueOf).collect(Collectors.joining(",")))
                    .append('\n');
        }
        out.append("optimizer ").append(line(optimizer.name(), optimizer.config())).append('\n');
        out.append("loss ").append(loss).append('\n');
        out.append("accuracy ").append(accuracy).append('\n');
        for (Layer layer : layers) {
            out.append("layer ").append(line(layer.typeName(), layer.config())).append('\n');
        }
        return out.toString();
    }

    private static String line(String type, Map<String, String> config) {
        return type + config.entrySet().stream().map(e -> " " + e.getKey() + "=" + e.getValue()).collect(Collectors.joining());
    }

    static Sequential parse(String text) {
        if (!text.startsWith(HEADER)) {
            throw new ModelError("this file was not saved by Sequential.save: it has no Keras-level description");
        }
        List<Layer> layers = new java.util.ArrayList<>();
        Optimizer optimizer = null;
        Loss loss = null;
        boolean accuracy = false;
        long seed = 42;
        int[] inputShape = null;
        for (String line : text.lines().toList()) {
            String[] f = line.strip().split(" ");
            switch (f[0]) {
                case "seed" -> seed = Long.parseLong(f[1]);
                case "input" -> inputShape = Arrays.stream(f[1].split(",")).mapToInt(Integer::parseInt).toArray();
                case "optimizer" -> optimizer = Optimizer.fromConfig(f[1], config(f));
                case "loss" -> loss = Loss.of(f[1]);
                case "accuracy" -> accuracy = Boolean.parseBoolean(f[1]);
                case "layer" -> layers.add(Layer.fromConfig(f[1], config(f)));
                default -> {
                    // the header, comments and blank lines
                }
            }
        }
        Sequential model = new Sequential(layers.toArray(Layer[]::new)).seed(seed);
        model.restore(inputShape, optimizer, loss, accuracy);
        return model;
    }

    private static Map<String, String> config(String[] fields) {
        Map<String, String> config = new LinkedHashMap<>();
        for (int i = 2; i < fields.length; i++) {
            int eq = fields[i].indexOf('=');
            config.put(fields[i].substring(0, eq), fields[i].substring(eq + 1));
        }
        return config;
    }
}
