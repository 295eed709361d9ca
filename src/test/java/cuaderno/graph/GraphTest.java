package cuaderno.graph;

import cuaderno.data.Digits;
import cuaderno.data.Mnist;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GraphTest {

    @Test
    void theanoStyleFunctionOfVectors() {
        Graph g = new Graph();
        Tensor a = g.placeholder("a", -1);
        Tensor b = g.placeholder("b", -1);
        Tensor out = a.square().add(b.square()).add(a.mul(b).mul(2));
        GraphFunction f = g.function(out, a, b);
        INDArray result = f.apply(Nd4j.createFromArray(1f, 2f, -3f), Nd4j.createFromArray(4f, 5f, 3f));
        assertArrayEquals(new float[]{25f, 49f, 0f}, result.toFloatVector(), 1e-5f);
    }

    @Test
    void seed002LstmCellLearnsFromRowsAsTimeSteps() {
        // rows of 28 pixels as 28 time steps, BasicLSTMCell(forget_bias=1.0), last output into a linear layer, Adam
        Mnist mnist = Mnist.sample();
        Graph g = new Graph().seed(2);
        Tensor x = g.placeholder("X", -1, 28, 28);
        Tensor y = g.placeholder("Y", -1, 10);
        Tensor last = g.lstm("lstm", x, 28, 28, 32, 1.0);
        Tensor logits = last.matmul(g.variable("out", g.randomNormal(32, 10))).add(g.variable("b_out", g.randomNormal(10)));
        Tensor loss = g.reduceMean(g.softmaxCrossEntropyWithLogits(logits, y));
        Tensor accuracy = g.reduceMean(logits.argmax(1).equal(y.argmax(1)));
        Graph.Train train = g.adam(0.01).minimize(loss);
        Digits.Batches batches = mnist.train().batches(3);
        try (Session session = g.session()) {
            for (int step = 0; step < 60; step++) {
                Digits.Batch batch = batches.nextBatch(100);
                session.run(train, Feed.of(x, batch.images().reshape(-1, 28, 28), y, batch.labels()));
            }
            double testAccuracy = session.run(accuracy,
                    Feed.of(x, mnist.test().sequences(), y, mnist.test().oneHot())).getDouble(0);
            assertTrue(testAccuracy > 0.3, "well above chance (0.1) after 60 small steps: " + testAccuracy);
        }
    }

    @Test
    void seed000NetworkLearnsWithPlaceholdersVariablesAndASession() {
        // 784-256-256-10, no activations, weights and biases from N(0,1), Adam 0.1, minibatches of 128
        Mnist mnist = Mnist.sample();
        Graph g = new Graph().seed(1);
        Tensor x = g.placeholder("X", -1, 784);
        Tensor y = g.placeholder("Y", -1, 10);
        Tensor h1 = g.variable("h1", g.randomNormal(784, 256));
        Tensor h2 = g.variable("h2", g.randomNormal(256, 256));
        Tensor out = g.variable("out", g.randomNormal(256, 10));
        Tensor b1 = g.variable("b1", g.randomNormal(256));
        Tensor b2 = g.variable("b2", g.randomNormal(256));
        Tensor bOut = g.variable("b_out", g.randomNormal(10));
        Tensor logits = x.matmul(h1).add(b1).matmul(h2).add(b2).matmul(out).add(bOut);
        Tensor loss = g.reduceMean(g.softmaxCrossEntropyWithLogits(logits, y));
        Tensor accuracy = g.reduceMean(logits.argmax(1).equal(y.argmax(1)));
        Graph.Train train = g.adam(0.1).minimize(loss);

        Digits.Batches batches = mnist.train().batches(7);
        double firstLoss = Double.NaN;
        try (Session session = g.session()) {
            for (int step = 1; step <= 100; step++) {
                Digits.Batch batch = batches.nextBatch(128);
                Feed feed = Feed.of(x, batch.images(), y, batch.labels());
                session.run(train, feed);
                if (step == 1) {
                    firstLoss = session.run(loss, feed).getDouble(0);
                }
            }
            Feed test = Feed.of(x, mnist.test().scaled(), y, mnist.test().oneHot());
            List<INDArray> values = session.run(List.of(loss, accuracy), test);
            double testAccuracy = values.get(1).getDouble(0);
            assertTrue(values.get(0).getDouble(0) < firstLoss, "loss falls from " + firstLoss + " to " + values.get(0));
            assertTrue(testAccuracy > 0.5, "well above chance on 1,000 real test digits: " + testAccuracy);
            IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                    () -> session.run(train, Feed.of(x, mnist.test().scaled())));
            assertTrue(missing.getMessage().contains("feed Y"), missing.getMessage());
        }
    }

    @Test
    void tf1SpellingsReadLineForLineAndSessionsHandBackPlainNumbers() {
        // seed 000 as TF1 writes it: tf.add(tf.matmul(x, w), b), tf.equal(tf.argmax(..)), tf.cast(.., tf.float32)
        Mnist mnist = Mnist.sample();
        Graph g = new Graph().seed(1);
        Tensor x = g.placeholder("X", -1, 784);
        Tensor y = g.placeholder("Y", -1, 10);
        Tensor h1 = g.variable("h1", g.randomNormal(784, 64));
        Tensor b1 = g.variable("b1", g.randomNormal(64));
        Tensor out = g.variable("out", g.randomNormal(64, 10));
        Tensor layer1 = g.relu(g.add(g.matmul(x, h1), b1));
        Tensor logits = g.matmul(layer1, out);
        Tensor prediction = g.softmax(logits);
        Tensor loss = g.reduceMean(g.softmaxCrossEntropyWithLogits(logits, y));
        Tensor correct = g.equal(g.argmax(prediction, 1), g.argmax(y, 1));
        Tensor accuracy = g.reduceMean(g.cast(correct, "float32"));
        Graph.Train train = g.gradientDescent(0.001).minimize(loss);
        Digits.Batches batches = mnist.train().batches(7);
        try (Session session = g.session()) {
            Feed feed = null;
            for (int step = 0; step < 30; step++) {
                Digits.Batch batch = batches.nextBatch(128);
                feed = Feed.of(x, batch.images(), y, batch.labels());
                session.run(train, feed);
            }
            double lossValue = session.scalar(loss, feed);
            float asFloat = session.run(loss, feed).getFloat(0);
            assertEquals(Float.toString(asFloat), Double.toString(lossValue), "printed without float32 noise");
            double[] both = session.scalars(List.of(loss, accuracy), feed);
            assertEquals(lossValue, both[0]);
            assertTrue(both[1] >= 0 && both[1] <= 1, "an accuracy: " + both[1]);
            INDArray probabilities = session.run(prediction, feed);
            assertArrayEquals(new long[]{128, 10}, probabilities.shape());
            assertEquals(1.0, probabilities.getRow(0).sumNumber().doubleValue(), 1e-4, "softmax rows sum to 1");
            var e = assertThrows(IllegalArgumentException.class, () -> session.scalar(prediction, Feed.of(x, mnist.test().scaled())));
            assertTrue(e.getMessage().contains("not a single number"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> g.cast(correct, "float16"));
        assertTrue(g.sigmoid(x).name() != null && g.tanh(x).name() != null && g.square(x).name() != null);
    }

    @Test
    void trainingPrintsNothingIntoTheCell() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true));
        try {
            Graph g = new Graph().seed(3);
            Tensor x = g.placeholder("X", -1, 4);
            Tensor w = g.variable("w", g.randomNormal(4, 2));
            Tensor loss = g.reduceMean(g.square(g.matmul(x, w)));
            Graph.Train train = g.adam(0.1).minimize(loss);
            try (Session session = g.session()) {
                session.run(train, Feed.of(x, Nd4j.rand(8, 4)));
                session.run(train, Feed.of(x, Nd4j.rand(8, 4)));
            }
            System.out.println("the student's own line");
        } finally {
            System.setOut(original);
        }
        assertEquals("the student's own line\n", captured.toString(), "SameDiff's 'Added differentiated op' lines are gone");
    }

    @Test
    void theanoFunctionTakesPlainArrays() {
        Graph g = new Graph();
        Tensor a = g.placeholder("a", -1);
        Tensor b = g.placeholder("b", -1);
        GraphFunction f = g.function(a.square().add(b.square()).add(a.mul(b).mul(2)), a, b);
        assertArrayEquals(new float[]{25f, 49f}, f.apply(new double[]{1, 2}, new double[]{4, 5}).toFloatVector(), 1e-5f);
    }
}
