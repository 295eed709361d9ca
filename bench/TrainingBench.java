import cuaderno.data.Digits;
import cuaderno.data.Mnist;
import cuaderno.nn.Dense;
import cuaderno.nn.Fit;
import cuaderno.nn.LSTM;
import cuaderno.nn.Layer;
import cuaderno.nn.Optimizer;
import cuaderno.nn.Sequential;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Training throughput of the Cuaderno API on real MNIST (see bench/run-training): one warm-up epoch on 2,000
 * digits, then one timed epoch on the first N training digits (N/4 for the LSTM). Prints "workload samples_per_second".
 */
public class TrainingBench {

    public static void main(String[] args) {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        Digits train = Mnist.load().train().first(samples);
        INDArray x = train.scaled();
        INDArray y = train.labels();
        run("mlp-256-256", x, y, 128, new Dense(256, "relu").inputDim(784), new Dense(256, "relu"), new Dense(10, "softmax"));
        run("mlp-40x3", x, y, 50, new Dense(40, "relu").inputDim(784), new Dense(40, "relu"), new Dense(40, "relu"),
                new Dense(10, "softmax"));
        // the same with Keras' "accuracy" metric, as the course notebooks compile their models
        runWithAccuracy("mlp-40x3-accuracy", x, y, 50, new Dense(40, "relu").inputDim(784), new Dense(40, "relu"),
                new Dense(40, "relu"), new Dense(10, "softmax"));
        // recurrent: a quarter of the digits (an LSTM step is far slower than a dense one)
        Digits sequences = train.first(samples / 4);
        run("lstm-128", sequences.sequences(), sequences.labels(), 100, new LSTM(128).inputShape(28, 28),
                new Dense(10, "softmax"));
        System.out.println("peak-rss-mb " + peakRssMegabytes());
    }

    /** The process's resident-set high-water mark (JVM heap, ND4J's off-heap buffers and native code alike). */
    private static long peakRssMegabytes() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (java.io.IOException e) {
            // not Linux: no figure
        }
        return -1;
    }

    private static void run(String name, INDArray x, INDArray y, int batch, Layer... layers) {
        Sequential model = new Sequential(layers);
        model.compile(Optimizer.adam(), "sparse_categorical_crossentropy");
        time(name, model, x, y, batch);
    }

    private static void runWithAccuracy(String name, INDArray x, INDArray y, int batch, Layer... layers) {
        Sequential model = new Sequential(layers);
        model.compile(Optimizer.adam(), "sparse_categorical_crossentropy", "accuracy");
        time(name, model, x, y, batch);
    }

    private static void time(String name, Sequential model, INDArray x, INDArray y, int batch) {
        INDArray warmX = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2000));
        INDArray warmY = y.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2000));
        model.fit(warmX, warmY, Fit.epochs(1).batchSize(batch).verbose(false));
        long start = System.nanoTime();
        model.fit(x, y, Fit.epochs(1).batchSize(batch).verbose(false));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(java.util.Locale.ROOT, "%s %.0f%n", name, x.size(0) / seconds);
    }
}
