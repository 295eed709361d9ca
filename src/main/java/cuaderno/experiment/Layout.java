package cuaderno.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each configuration sits in the experiment's table, as in the seed's: rows are the values of the first axis,
 * columns the combinations of the others (one column, named after the result, when there is a single axis).
 * Configurations run in the same order, row by row.
 */
final class Layout {

    /** One axis: its name and values, in order. */
    record Axis(String name, List<Object> values) {
    }

    private final List<Axis> axes;
    private final Map<String, Object> fixed;
    private final List<Config> configs = new ArrayList<>();
    private final List<String> columnLabels = new ArrayList<>();

    Layout(List<Axis> axes, Map<String, Object> fixed, String resultName) {
        this.axes = List.copyOf(axes);
        this.fixed = new LinkedHashMap<>(fixed);
        addConfigs(0, new LinkedHashMap<>());
        List<Axis> across = axes.subList(1, axes.size());
        if (across.isEmpty()) {
            columnLabels.add(resultName);
        } else {
            for (Config config : configs.subList(0, columns())) {
                columnLabels.add(across.size() == 1 ? Config.text(config.get(across.get(0).name()))
                        : config.describe(across.stream().map(Axis::name).toList()));
            }
        }
    }

    private void addConfigs(int axis, Map<String, Object> chosen) {
        if (axis == axes.size()) {
            Map<String, Object> values = new LinkedHashMap<>(chosen);
            values.putAll(fixed);
            configs.add(new Config(values));
            return;
        }
        for (Object value : axes.get(axis).values()) {
            chosen.put(axes.get(axis).name(), value);
            addConfigs(axis + 1, chosen);
        }
        chosen.remove(axes.get(axis).name());
    }

    List<Axis> axes() {
        return axes;
    }

    /** The axes' names, then the fixed settings' names: the columns that identify a run. */
    List<String> settings() {
        List<String> names = new ArrayList<>(axes.stream().map(Axis::name).toList());
        names.addAll(fixed.keySet());
        return names;
    }

    List<String> axisNames() {
        return axes.stream().map(Axis::name).toList();
    }

    /** Every configuration, row by row. */
    List<Config> configs() {
        return configs;
    }

    int rows() {
        return axes.get(0).values().size();
    }

    int columns() {
        return configs.size() / rows();
    }

    List<String> rowLabels() {
        return axes.get(0).values().stream().map(Config::text).toList();
    }

    List<String> columnLabels() {
        return columnLabels;
    }

    /** The top-left cell, as the seed's "Neurons/Learning Rate". */
    String corner() {
        return String.join("/", axisNames());
    }

    /** The settings of a configuration as the results file writes them, in {@link #settings()} order. */
    List<String> key(Config config) {
        return settings().stream().map(name -> Config.text(config.get(name))).toList();
    }
}
