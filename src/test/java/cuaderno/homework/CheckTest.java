package cuaderno.homework;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Test-cell checks: what passes, and failures as one line of expected against actual, in English and Spanish. */
class CheckTest {

    @AfterEach
    void english() {
        Check.language("en");
    }

    private static String failure(Runnable check) {
        return assertThrows(CheckFailed.class, check::run).getMessage();
    }

    @Test
    void numbersCompareByValueAndDoublesWithinATolerance() {
        Check.equal(9, 9L);
        Check.equal(0.3, 0.1 + 0.2);
        Check.equal(0.88, 0.87, 0.02);
        Check.equal((Object) 3, (Object) 3L);
        Check.equal((Object) 0.3, (Object) (0.1 + 0.2));
        assertEquals("expected 9 but got 6", failure(() -> Check.equal(9, 6)));
        assertEquals("expected 0.88 ± 0.01 but got 0.85", failure(() -> Check.equal(0.88, 0.85, 0.01)));
        assertEquals("expected a number but got NaN", failure(() -> Check.equal(1.0, Double.NaN)));
        assertEquals("expected 2.5 but got 1.0", failure(() -> Check.equal(2.5, 1.0)));
    }

    @Test
    void stringsListsAndArrays() {
        Check.equal("hola", "hola");
        Check.equal(List.of(1, 4, 9), List.of(1, 4, 9));
        Check.equal(new int[] {1, 4, 9}, new int[] {1, 4, 9});
        Check.equal(new double[] {0.5, 1}, new double[] {0.5000001, 1}, 1e-6);
        assertEquals("expected \"hola\" but got \"hola!\"", failure(() -> Check.equal("hola", "hola!")));
        assertEquals("at index 2: expected 9 but got 8", failure(() -> Check.equal(new int[] {1, 4, 9}, new int[] {1, 4, 8})));
        assertEquals("expected 3 values but got 2", failure(() -> Check.equal(new double[] {1, 2, 3}, new double[] {1, 2}, 0)));
        assertEquals("expected null but got 1", failure(() -> Check.equal(null, 1)));
    }

    @Test
    void arraysOfNd4j() {
        Check.shape(Nd4j.zeros(784, 100), 784, 100);
        Check.equal(Nd4j.create(new double[] {1, 2, 3, 4}, 2, 2), Nd4j.create(new double[] {1, 2, 3, 4.0000001}, 2, 2), 1e-6);
        assertEquals("expected shape [784, 100] but got [100, 784]", failure(() -> Check.shape(Nd4j.zeros(100, 784), 784, 100)));
        assertEquals("at index [1, 0]: expected 3.0 ± 0.001 but got 5.0", failure(() ->
                Check.equal(Nd4j.create(new double[] {1, 2, 3, 4}, 2, 2), Nd4j.create(new double[] {1, 2, 5, 4}, 2, 2), 1e-3)));
    }

    @Test
    void boundsConditionsAndExceptions() {
        Check.accuracy(0.85, 0.9);
        Check.atMost(0.5, 0.3, "the loss");
        Check.isTrue(true, "never shown");
        Check.throwsError(IllegalArgumentException.class, () -> {
            throw new IllegalArgumentException("n < 1");
        });
        assertEquals("accuracy is 0.8, below the required 0.85", failure(() -> Check.accuracy(0.85, 0.8)));
        assertEquals("the loss went down", failure(() -> Check.isTrue(false, "the loss went down")));
        assertEquals("expected IllegalArgumentException to be thrown but nothing was",
                failure(() -> Check.throwsError(IllegalArgumentException.class, () -> { })));
    }

    @Test
    void spanishWhenTheNotebookSpeaksSpanish() {
        Check.language("es");
        assertEquals("se esperaba 9 pero se obtuvo 6", failure(() -> Check.equal(9, 6)));
        assertEquals("la exactitud es 0.8, menos que el mínimo 0.85", failure(() -> Check.accuracy(0.85, 0.8)));
        assertEquals("se esperaba la forma [2] pero es [3]", failure(() -> Check.shape(Nd4j.zeros(3), 2)));
    }

    @Test
    void theFailurePointsAtTheCallerNotAtCheck() {
        CheckFailed failed = assertThrows(CheckFailed.class, () -> Check.equal(1, 2));
        assertEquals(CheckTest.class.getName(), failed.getStackTrace()[0].getClassName().replaceAll("\\$.*", ""));
    }
}
