package cuaderno.nn.io;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.WritableGroup;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Weights in HDF5, laid out as Keras 2's {@code model.save_weights("x.h5")}: {@code model_weights/<layer>/<layer>/
 * <weight>} (e.g. {@code model_weights/dense/dense/kernel:0}), each layer's weights named and shaped as Keras has them.
 * Written and read with pure-Java jhdf.
 */
public final class Hdf5Weights {

    /** One layer's weights by Keras' names ({@code kernel:0}, {@code bias:0}...); layers without weights have none. */
    public record LayerWeights(String layer, Map<String, INDArray> weights) {
    }

    private Hdf5Weights() {
    }

    public static void save(Path file, List<LayerWeights> layers) {
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            WritableGroup root = hdf.putGroup("model_weights");
            for (LayerWeights layer : layers) {
                if (layer.weights().isEmpty()) {
                    continue;
                }
                WritableGroup group = root.putGroup(layer.layer()).putGroup(layer.layer());
                layer.weights().forEach((name, value) -> group.putDataset(name, toJava(value)));
            }
        }
    }

    /**
     * Reads the weights the layers of {@code expected} have (by name and shape) from a file written by {@link #save}
     * or by Keras; an error in the user's terms when the file belongs to another model.
     */
    public static List<LayerWeights> load(Path file, List<LayerWeights> expected) {
        if (!file.toFile().isFile()) {
            throw new IllegalArgumentException("no weights file at " + file.toAbsolutePath());
        }
        try (HdfFile hdf = new HdfFile(file)) {
            return expected.stream().map(layer -> {
                Map<String, INDArray> read = new LinkedHashMap<>();
                layer.weights().forEach((name, like) -> {
                    String path = "model_weights/" + layer.layer() + "/" + layer.layer() + "/" + name;
                    Dataset dataset;
                    try {
                        dataset = hdf.getDatasetByPath(path);
                    } catch (RuntimeException missing) {
                        throw new IllegalArgumentException(file + " has no " + path + ": it was saved from a different"
                                + " model (layers and their order must match)");
                    }
                    long[] shape = Arrays.stream(dataset.getDimensions()).asLongStream().toArray();
                    if (!Arrays.equals(shape, like.shape())) {
                        throw new IllegalArgumentException(path + " holds " + Arrays.toString(shape) + " but this model's "
                                + layer.layer() + " needs " + Arrays.toString(like.shape()));
                    }
                    read.put(name, Nd4j.create(toFloats(dataset.getData()), shape, DataType.FLOAT));
                });
                return new LayerWeights(layer.layer(), read);
            }).toList();
        }
    }

    private static Object toJava(INDArray value) {
        INDArray floats = value.castTo(DataType.FLOAT);
        return floats.rank() == 1 ? floats.toFloatVector() : floats.toFloatMatrix();
    }

    private static float[] toFloats(Object data) {
        if (data instanceof float[] vector) {
            return vector;
        }
        if (data instanceof double[] vector) {
            float[] out = new float[vector.length];
            for (int i = 0; i < vector.length; i++) {
                out[i] = (float) vector[i];
            }
            return out;
        }
        if (data instanceof Object[] rows) {
            float[][] parts = Arrays.stream(rows).map(Hdf5Weights::toFloats).toArray(float[][]::new);
            float[] flat = new float[Arrays.stream(parts).mapToInt(p -> p.length).sum()];
            int at = 0;
            for (float[] part : parts) {
                System.arraycopy(part, 0, flat, at, part.length);
                at += part.length;
            }
            return flat;
        }
        throw new IllegalArgumentException("unsupported HDF5 data type " + data.getClass().getSimpleName()
                + "; weights are float32 or float64");
    }
}
