import cuaderno.data.Digits;
import cuaderno.data.Mnist;
import cuaderno.nn.Activation;
import cuaderno.nn.Dense;
import cuaderno.nn.Fit;
import cuaderno.nn.Optimizer;
import cuaderno.nn.Sequential;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Seed 004's "ReLU before the softmax" model through Cuaderno's API, once per seed (weights and batch order): test
 * accuracy and the classes never predicted. The same check as relu_before_softmax.py, in Java.
 * java -cp "target/cuaderno.jar:target/lib/*" notebooks/checks/ReluBeforeSoftmax.java [SEEDS]
 */
public class ReluBeforeSoftmax {

    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Mnist mnist = Mnist.load();
        INDArray x = mnist.train().normalized();
        INDArray xt = mnist.test().normalized();
        for (int seed = 0; seed < seeds; seed++) {
            Sequential model = new Sequential(new Dense(100, "relu").inputDim(784), new Dense(10),
                    new Activation("relu"), new Activation("softmax")).seed(seed);
            model.compile(Optimizer.sgd(), "sparse_categorical_crossentropy", "accuracy");
            model.fit(x, mnist.train().labels(), Fit.epochs(10).seed(seed).verbose(false));
            int[] predicted = model.predict(xt).argMax(1).toIntVector();
            long correct = 0;
            boolean[] seen = new boolean[Digits.CLASSES];
            for (int i = 0; i < predicted.length; i++) {
                seen[predicted[i]] = true;
                correct += predicted[i] == mnist.test().label(i) ? 1 : 0;
            }
            List<Integer> never = new ArrayList<>();
            for (int c = 0; c < Digits.CLASSES; c++) {
                if (!seen[c]) {
                    never.add(c);
                }
            }
            System.out.printf(Locale.ROOT, "seed %d: test accuracy %.4f, classes never predicted: %s%n", seed,
                    correct / (double) predicted.length, never.isEmpty() ? "none" : never);
        }
    }
}
