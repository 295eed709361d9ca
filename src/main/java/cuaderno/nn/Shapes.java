package cuaderno.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.stream.Collectors;

/** One example's shape as Keras writes it, and the checks layers make on it (-1 is Keras' None: any size). */
final class Shapes {

    private Shapes() {
    }

    /** Keras' way: {@code (None, 28, 16)}, the first None being the batch. */
    static String text(int[] shape) {
        return Arrays.stream(shape).mapToObj(d -> d < 0 ? "None" : String.valueOf(d))
                .collect(Collectors.joining(", ", "(None, ", shape.length == 0 ? ")" : ")"));
    }

    /** One example's shape of data whose first axis counts the examples. */
    static int[] ofExamples(INDArray data) {
        return Arrays.stream(data.shape()).skip(1).mapToInt(Math::toIntExact).toArray();
    }

    /** Whether data of shape {@code actual} fits a model input of shape {@code expected} (-1 matches anything). */
    static boolean fits(int[] expected, int[] actual) {
        if (expected.length != actual.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] >= 0 && expected[i] != actual[i]) {
                return false;
            }
        }
        return true;
    }

    /** The width of a flat input, which Dense layers take; a message saying what to do otherwise. */
    static int flatWidth(int[] shape, String layer) {
        if (shape.length != 1) {
            throw new ModelError(layer + " takes rows of numbers (None, features), but its input is " + text(shape)
                    + ": flatten images to rows (digits.pixels(), digits.scaled()), or read sequences with an LSTM first");
        }
        return shape[0];
    }

    /** Elements per example (the product of the sizes). */
    static long size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= Math.max(d, 1);
        }
        return n;
    }
}
