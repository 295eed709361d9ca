import cuaderno.data.Digits;
import cuaderno.data.Mnist;
import cuaderno.graph.Feed;
import cuaderno.graph.Graph;
import cuaderno.graph.Session;
import cuaderno.graph.Tensor;
import cuaderno.nn.Dense;
import cuaderno.nn.Fit;
import cuaderno.nn.Optimizer;
import cuaderno.nn.Scores;
import cuaderno.nn.Sequential;

import java.util.List;
import java.util.Locale;

/**
 * Seed 000's network (784-256-256-10, no activations, N(0, 1) weights and biases, Adam 0.1, 1000 steps of 128) once
 * per seed (initial weights and batch order): the loss at steps 1 and 1000 and the test accuracy, to show how far a
 * single run such as the seed's (11,005, 52.6 and 0.8363) can land from another. Then, for contrast, the same layers
 * with ReLUs, Glorot weights and Adam at 0.001 for about as many steps (2 epochs of 55,000 in batches of 128).
 * java -cp "target/cuaderno.jar:target/lib/*" notebooks/checks/LearningSlowdownSeeds.java [SEEDS]
 */
public class LearningSlowdownSeeds {

    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Mnist mnist = Mnist.load();
        Digits train = mnist.train().last(55000);
        Digits test = mnist.test();
        for (int seed = 1; seed <= seeds; seed++) {
            Graph g = new Graph().seed(seed);
            Tensor x = g.placeholder("X", -1, 784);
            Tensor y = g.placeholder("Y", -1, 10);
            Tensor layer1 = x.matmul(g.variable("h1", g.randomNormal(784, 256))).add(g.variable("b1", g.randomNormal(256)));
            Tensor layer2 = layer1.matmul(g.variable("h2", g.randomNormal(256, 256))).add(g.variable("b2", g.randomNormal(256)));
            Tensor logits = layer2.matmul(g.variable("w_out", g.randomNormal(256, 10))).add(g.variable("b_out", g.randomNormal(10)));
            Tensor loss = g.reduceMean(g.softmaxCrossEntropyWithLogits(logits, y));
            Graph.Train step = g.adam(0.1).minimize(loss);
            Tensor accuracy = g.reduceMean(logits.argmax(1).equal(y.argmax(1)));
            double first = 0;
            double last = 0;
            try (Session session = g.session()) {
                Digits.Batches batches = train.batches(seed);
                for (int i = 1; i <= 1000; i++) {
                    Digits.Batch batch = batches.nextBatch(128);
                    Feed feed = Feed.of(x, batch.images(), y, batch.labels());
                    session.run(step, feed);
                    if (i == 1 || i == 1000) {
                        double value = session.run(List.of(loss), feed).get(0).getDouble(0);
                        first = i == 1 ? value : first;
                        last = value;
                    }
                }
                double testAccuracy = session.run(accuracy, Feed.of(x, test.scaled(), y, test.oneHot())).getDouble(0);
                System.out.printf(Locale.ROOT, "seed %d: loss at step 1 %.1f, at step 1000 %.1f; test accuracy %.4f%n",
                        seed, first, last, testAccuracy);
            }
        }
        Sequential relu = new Sequential(new Dense(256, "relu").inputDim(784), new Dense(256, "relu"),
                new Dense(10, "softmax"));
        relu.compile(Optimizer.adam(), "categorical_crossentropy", "accuracy");
        relu.fit(train.scaled(), train.oneHot(), Fit.epochs(2).batchSize(128).verbose(false));
        Scores scores = relu.evaluate(test.scaled(), test.oneHot());
        System.out.printf(Locale.ROOT, "relu, Glorot, Adam 0.001, 860 steps: test accuracy %.4f%n", scores.accuracy());
    }
}
