import cuaderno.data.Digits;
import cuaderno.data.Mnist;
import cuaderno.eval.NativeMemory;
import cuaderno.nn.Activation;
import cuaderno.nn.Dense;
import cuaderno.nn.Dropout;
import cuaderno.nn.Fit;
import cuaderno.nn.History;
import cuaderno.nn.LSTM;
import cuaderno.nn.Layer;
import cuaderno.nn.Optimizer;
import cuaderno.nn.Sequential;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Training throughput of the Cuaderno API on real MNIST (see bench/run-training): for each workload, one warm-up
 * epoch (2,000 digits; five batches for an LSTM), then one timed epoch on the first N training digits (fewer for the LSTMs, whose steps cost far more).
 * Prints "workload samples_per_second samples_per_cpu_second" (the training thread's CPU time: what a busy machine
 * changes least), then the process's peak resident memory. bench/pytorch_training.py runs the
 * same workloads in PyTorch. Runs as the kernel does: its native-memory bound, and (bench/run-training) its JVM
 * options.
 */
public class TrainingBench {

    public static void main(String[] args) {
        NativeMemory.install(); // the kernel's native-memory bound and ND4J allocators, before anything loads ND4J
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        Digits train = Mnist.load().train().first(samples);
        INDArray x = train.scaled();
        INDArray y = train.labels();
        run("mlp-256-256", Optimizer.adam(), false, x, y, 128,
                new Dense(256, "relu").inputDim(784), new Dense(256, "relu"), new Dense(10, "softmax"));
        run("mlp-40x3", Optimizer.adam(), false, x, y, 50,
                new Dense(40, "relu").inputDim(784), new Dense(40, "relu"), new Dense(40, "relu"), new Dense(10, "softmax"));
        // the same with Keras' "accuracy" metric, as the course notebooks compile their models
        run("mlp-40x3-accuracy", Optimizer.adam(), true, x, y, 50,
                new Dense(40, "relu").inputDim(784), new Dense(40, "relu"), new Dense(40, "relu"), new Dense(10, "softmax"));
        // lesson 003 (Keras' mnist_mlp.py): 512-512 relu, dropout 0.2 after each hidden layer, RMSprop, batch 128
        run("mlp-512-512-dropout", Optimizer.rmsprop(), true, x, y, 128,
                new Dense(512, "relu").inputDim(784), new Dropout(0.2), new Dense(512, "relu"), new Dropout(0.2),
                new Dense(10, "softmax"));
        // lesson 004: the ReLU-before-softmax model, SGD, Keras' default batch of 32, on rows of length 1
        run("relu-before-softmax", Optimizer.sgd(), true, train.normalized(), y, 32,
                new Dense(100, "relu").inputDim(784), new Dense(10), new Activation("relu"), new Activation("softmax"));
        // lesson 002: an LSTM over the 28 rows, Adam, batch 100
        Digits sequences = train.first(samples / 4);
        run("lstm-128", Optimizer.adam(), false, sequences.sequences(), sequences.labels(), 100,
                new LSTM(128).inputShape(28, 28), new Dense(10, "softmax"));
        sequences = train.first(samples / 8);
        run("lstm-256", Optimizer.adam(), false, sequences.sequences(), sequences.labels(), 100,
                new LSTM(256).inputShape(28, 28), new Dense(10, "softmax"));
        sequences = train.first(samples / 16);
        run("lstm-512", Optimizer.adam(), false, sequences.sequences(), sequences.labels(), 100,
                new LSTM(512).inputShape(28, 28), new Dense(10, "softmax"));
        System.out.println("peak-rss-mb " + peakRssMegabytes() + " " + peakRssMegabytes());
    }

    private static void run(String name, Optimizer optimizer, boolean accuracy, INDArray x, INDArray y, int batch,
                            Layer... layers) {
        Sequential model = new Sequential(layers);
        if (accuracy) {
            model.compile(optimizer, "sparse_categorical_crossentropy", "accuracy");
        } else {
            model.compile(optimizer, "sparse_categorical_crossentropy");
        }
        long warmUp = Math.min(x.size(0), x.rank() == 3 ? 5L * batch : 2000); // an LSTM batch warms up more code

        model.fit(x.get(NDArrayIndex.interval(0, warmUp)), y.get(NDArrayIndex.interval(0, warmUp)),
                Fit.epochs(1).batchSize(batch).verbose(0));
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long start = System.nanoTime();
        long cpuStart = threads.getCurrentThreadCpuTime();
        History history = model.fit(x, y, Fit.epochs(1).batchSize(batch).verbose(0));
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        if (!history.engine().startsWith("Cuaderno")) {
            System.err.println(name + ": trained by " + history.engine());
        }
        System.out.printf(java.util.Locale.ROOT, "%s %.0f %.0f%n", name, x.size(0) / seconds, x.size(0) / cpuSeconds);
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
}
