package cuaderno.homework;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static cuaderno.homework.AssignmentTest.markdownAnswer;
import static cuaderno.homework.AssignmentTest.test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** nbgrader's determine_grade, rule by rule. */
class CellScoreTest {

    @Test
    void aCleanTestCellEarnsFullPoints() {
        CellScore score = score(test("t", 2, "Check.equal(1, 1);"), stream("stdout", "fine\n"));
        assertEquals(2.0, score.points());
        assertTrue(score.passed());
    }

    @Test
    void anErrorScoresZeroAndSaysWhyInOneLine() {
        CellScore score = score(test("t", 2, "x"), error("CheckFailed",
                "\u001b[1;31mcuaderno.homework.CheckFailed\u001b[0m: expected 9 but got 6", "    at (In [3], line 1)"));
        assertEquals(0.0, score.points());
        assertEquals("CheckFailed: expected 9 but got 6", score.message());
    }

    @Test
    void anyStderrScoresZero() {
        CellScore score = score(test("t", 2, "x"), stream("stdout", "ok\n"), stream("stderr", "warning: slow\nmore\n"));
        assertEquals(0.0, score.points());
        assertEquals("wrote to stderr: warning: slow", score.message());
    }

    @Test
    void aNumberAsResultIsPartialCredit() {
        assertEquals(1.5, score(test("t", 2, "x"), result("1.5")).points());
        assertEquals(2.0, score(test("t", 2, "x"), result("\"done\"")).points(), "not a number: full points");
        assertEquals(2.0, score(test("t", 2, "x"), result("-1")).points(), "negative: full points, as nbgrader");
        CellScore above = score(test("t", 2, "x"), result("7"));
        assertEquals(2.0, above.points());
        assertTrue(above.message().contains("above"), above.message());
        assertEquals(0.5, score(test("t", 2, "x"), result("0.5"), error("E", "E: later")).points(),
                "the first result or error decides, as nbgrader reads outputs in order");
    }

    @Test
    void aCellThatDidNotRunScoresZero() {
        CellScore score = CellScore.of(test("t", 2, "x"), 0, null, NotebookRun.Status.NOT_RUN, "es");
        assertEquals(0.0, score.points());
        assertEquals("no se ejecutó", score.message());
    }

    @Test
    void answersAreForTheTeacherUnlessUntouched() {
        Cell handedOut = markdownAnswer("why", 3, "YOUR ANSWER HERE");
        Cell written = markdownAnswer("why", 3, "Because the inputs are not normalised.");
        CellScore untouched = CellScore.of(handedOut.copy(), 4, handedOut, NotebookRun.Status.NOT_RUN, "en");
        assertEquals(0.0, untouched.points());
        assertEquals("no answer", untouched.message());
        CellScore answered = CellScore.of(written, 4, handedOut, NotebookRun.Status.NOT_RUN, "en");
        assertNull(answered.points());
        assertTrue(answered.isManual());
        assertEquals(3.0, answered.maxPoints());
    }

    @Test
    void validateTellsAnUntouchedAnswerByItsOwnChecksum() {
        Cell answer = markdownAnswer("why", 3, "YOUR ANSWER HERE");
        Nbgrader.stampChecksum(answer);
        assertEquals(0.0, CellScore.of(answer, 0, null, NotebookRun.Status.NOT_RUN, "en").points());
        answer.source("Because of the learning rate.");
        assertNull(CellScore.of(answer, 0, null, NotebookRun.Status.NOT_RUN, "en").points());
    }

    @Test
    void pythonsFloatRules() {
        assertEquals(1000.5, CellScore.pythonFloat(" 1_000.5 "));
        assertEquals(1e-3, CellScore.pythonFloat("1e-3"));
        assertEquals(Double.POSITIVE_INFINITY, CellScore.pythonFloat("inf"));
        assertTrue(CellScore.pythonFloat("nan").isNaN());
        assertNull(CellScore.pythonFloat("2.5d"));
        assertNull(CellScore.pythonFloat("[0.5]"));
        assertNull(CellScore.pythonFloat("1__0"));
    }

    // ---------------------------------------------------------------- outputs

    private static CellScore score(Cell cell, JsonObject... outputs) {
        cell.outputs(List.of(outputs), 1);
        return CellScore.of(cell, 0, null, NotebookRun.Status.OK, "en");
    }

    static JsonObject stream(String name, String text) {
        JsonObject output = new JsonObject();
        output.addProperty("output_type", "stream");
        output.addProperty("name", name);
        output.addProperty("text", text);
        return output;
    }

    static JsonObject error(String name, String... traceback) {
        JsonObject output = new JsonObject();
        output.addProperty("output_type", "error");
        output.addProperty("ename", name);
        output.addProperty("evalue", "");
        JsonArray lines = new JsonArray();
        for (String line : traceback) {
            lines.add(line);
        }
        output.add("traceback", lines);
        return output;
    }

    static JsonObject result(String plain) {
        JsonObject output = new JsonObject();
        output.addProperty("output_type", "execute_result");
        JsonObject data = new JsonObject();
        data.addProperty("text/plain", plain);
        output.add("data", data);
        output.add("metadata", new JsonObject());
        output.addProperty("execution_count", 1);
        return output;
    }
}
