import cuaderno.data.Digits;
import cuaderno.data.Mnist;
import cuaderno.nn.Dense;
import cuaderno.nn.Fit;
import cuaderno.nn.Init;
import cuaderno.nn.LSTM;
import cuaderno.nn.Optimizer;
import cuaderno.nn.Sequential;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Locale;

/**
 * Cells of seed 002's grid (lesson 002's model: LSTM, N(0, 1) output layer, Adam, 1,000 steps of 100) once per seed
 * (weights and batch order; the first, 42, is the notebook's own run): the test accuracy and how many digits the
 * network ever predicts, to tell the cells that depend on the random start from the stable ones.
 * java -cp "target/cuaderno.jar:target/lib/*" notebooks/checks/LstmGridSeeds.java NEURONS:RATE... [SEEDS]
 * e.g. notebooks/checks/LstmGridSeeds.java 32:1e-5 16:1.0 3
 */
public class LstmGridSeeds {

    public static void main(String[] args) {
        int seeds = args[args.length - 1].contains(":") ? 3 : Integer.parseInt(args[args.length - 1]);
        Mnist mnist = Mnist.load();
        Digits train = mnist.train().last(50_000);
        INDArray x = train.sequences(), y = train.oneHot();
        INDArray xTest = mnist.test().sequences();
        for (String cell : args) {
            if (!cell.contains(":")) {
                continue;
            }
            int units = Integer.parseInt(cell.split(":")[0]);
            double rate = Double.parseDouble(cell.split(":")[1]);
            for (int seed = 42; seed < 42 + seeds; seed++) {
                Sequential model = new Sequential(new LSTM(units).inputShape(28, 28),
                        new Dense(10, "softmax").kernelInit(Init.randomNormal(1.0)).biasInit(Init.randomNormal(1.0)))
                        .seed(seed);
                model.compile(Optimizer.adam(rate), "categorical_crossentropy", "accuracy");
                model.fit(x, y, Fit.epochs(2).batchSize(100).seed(seed).verbose(false));
                int[] predicted = model.predict(xTest).argMax(1).toIntVector();
                long correct = 0;
                boolean[] seen = new boolean[Digits.CLASSES];
                for (int i = 0; i < predicted.length; i++) {
                    seen[predicted[i]] = true;
                    correct += predicted[i] == mnist.test().label(i) ? 1 : 0;
                }
                int classes = 0;
                for (boolean s : seen) {
                    classes += s ? 1 : 0;
                }
                System.out.printf(Locale.ROOT, "%d neurons, rate %s, seed %d: test accuracy %.4f, digits predicted: %d%n",
                        units, rate, seed, correct / (double) predicted.length, classes);
            }
        }
    }
}
