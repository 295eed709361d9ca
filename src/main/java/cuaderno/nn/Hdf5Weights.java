package cuaderno.nn;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.WritableGroup;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Weights in HDF5, laid out as Keras 2's {@code model.save_weights("x.h5")}: {@code model_weights/<layer>/<layer>/
 * kernel:0} and {@code bias:0} for Dense layers (the same [inputs, units] kernel as Keras); {@code kernel:0},
 * {@code recurrent_kernel:0} and {@code bias:0} for LSTM layers, with their four gates in Keras' order (input,
 * forget, cell, output) rather than DL4J's (cell, forget, output, input).
 */
final class Hdf5Weights {

    private Hdf5Weights() {
    }

    static void save(MultiLayerNetwork net, List<String> names, Path file) {
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            WritableGroup weights = hdf.putGroup("model_weights");
            for (int i = 0; i < names.size(); i++) {
                Map<String, INDArray> params = net.getLayer(i).paramTable();
                if (params.isEmpty()) {
                    continue;
                }
                WritableGroup layer = weights.putGroup(names.get(i)).putGroup(names.get(i));
                boolean lstm = params.containsKey("RW");
                for (Map.Entry<String, INDArray> param : params.entrySet()) {
                    INDArray value = lstm ? gates(param.getValue(), KERAS_FROM_DL4J) : param.getValue();
                    layer.putDataset(datasetName(param.getKey()), toJava(param.getKey(), value));
                }
            }
        }
    }

    static void load(MultiLayerNetwork net, List<String> names, Path file) {
        if (!file.toFile().isFile()) {
            throw new ModelError("no weights file at " + file.toAbsolutePath());
        }
        try (HdfFile hdf = new HdfFile(file)) {
            for (int i = 0; i < names.size(); i++) {
                Map<String, INDArray> params = net.getLayer(i).paramTable();
                boolean lstm = params.containsKey("RW");
                for (Map.Entry<String, INDArray> param : params.entrySet()) {
                    String path = "model_weights/" + names.get(i) + "/" + names.get(i) + "/" + datasetName(param.getKey());
                    Dataset dataset;
                    try {
                        dataset = hdf.getDatasetByPath(path);
                    } catch (RuntimeException missing) {
                        throw new ModelError(file + " has no " + path + ": it was saved from a different model "
                                + "(layers and their order must match)");
                    }
                    INDArray stored = Nd4j.create(toFloats(dataset.getData()), dataset.getDimensions().length == 1
                            ? new long[]{dataset.getDimensions()[0]}
                            : new long[]{dataset.getDimensions()[0], dataset.getDimensions()[1]}, DataType.FLOAT);
                    INDArray target = param.getValue();
                    if (stored.length() != target.length()) {
                        throw new ModelError(path + " holds " + java.util.Arrays.toString(stored.shape()) + " but this model's "
                                + names.get(i) + " needs " + java.util.Arrays.toString(target.shape()));
                    }
                    stored = stored.reshape(target.shape());
                    target.assign(lstm ? gates(stored, DL4J_FROM_KERAS) : stored);
                }
            }
        }
    }

    /** Keras' gate k (i, f, c, o) is DL4J's gate KERAS_FROM_DL4J[k] (DL4J: c, f, o, i); and back. */
    private static final int[] KERAS_FROM_DL4J = {3, 1, 0, 2};
    private static final int[] DL4J_FROM_KERAS = {2, 1, 3, 0};

    /** The four gate blocks of an LSTM array's columns ([rows, 4 × units]) put in another order. */
    private static INDArray gates(INDArray value, int[] from) {
        long units = value.size(value.rank() - 1) / 4;
        INDArray out = value.dup();
        for (int k = 0; k < 4; k++) {
            INDArray source = value.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(from[k] * units, (from[k] + 1) * units));
            out.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(k * units, (k + 1) * units)).assign(source);
        }
        return out;
    }

    private static String datasetName(String dl4jParam) {
        return switch (dl4jParam) {
            case "W" -> "kernel:0";
            case "RW" -> "recurrent_kernel:0";
            case "b" -> "bias:0";
            default -> dl4jParam + ":0";
        };
    }

    /** A bias row [1, n] is stored as Keras' vector [n]; matrices as [rows, columns]. */
    private static Object toJava(String param, INDArray value) {
        INDArray floats = value.castTo(DataType.FLOAT);
        if (param.equals("b") || floats.rows() == 1) {
            return floats.toFloatVector();
        }
        return floats.toFloatMatrix();
    }

    private static float[] toFloats(Object data) {
        if (data instanceof float[] vector) {
            return vector;
        }
        if (data instanceof float[][] matrix) {
            float[] flat = new float[matrix.length * (matrix.length == 0 ? 0 : matrix[0].length)];
            for (int r = 0; r < matrix.length; r++) {
                System.arraycopy(matrix[r], 0, flat, r * matrix[r].length, matrix[r].length);
            }
            return flat;
        }
        if (data instanceof double[] vector) {
            float[] out = new float[vector.length];
            for (int i = 0; i < vector.length; i++) {
                out[i] = (float) vector[i];
            }
            return out;
        }
        if (data instanceof double[][] matrix) {
            float[] flat = new float[matrix.length * (matrix.length == 0 ? 0 : matrix[0].length)];
            for (int r = 0; r < matrix.length; r++) {
                for (int c = 0; c < matrix[r].length; c++) {
                    flat[r * matrix[r].length + c] = (float) matrix[r][c];
                }
            }
            return flat;
        }
        throw new ModelError("unsupported HDF5 data type " + data.getClass().getSimpleName() + "; weights are float32 or float64");
    }
}
