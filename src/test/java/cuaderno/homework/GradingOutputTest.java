package cuaderno.homework;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static cuaderno.homework.AssignmentTest.markdownAnswer;
import static cuaderno.homework.AssignmentTest.notebook;
import static cuaderno.homework.AssignmentTest.test;
import static cuaderno.homework.CellScoreTest.error;
import static cuaderno.homework.CellScoreTest.stream;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What grading and validation write: the gradebook, the feedback page, the validate report. */
class GradingOutputTest {

    private static GradedSubmission graded(String student, NotebookFile ran, List<CellScore> scores) {
        return new GradedSubmission(student, Path.of(student + ".ipynb"), scores, ran, List.of("test_b"), List.of(), null, 1);
    }

    @Test
    void gradebookRowsPerStudentAndCellWithManualPointsLeftEmpty() {
        List<CellScore> scores = List.of(new CellScore("test_a", 1, CellScore.Kind.TEST, 2.0, 2, ""),
                new CellScore("test_b", 2, CellScore.Kind.TEST, 0.5, 1.5, "partial credit"),
                new CellScore("why", 3, CellScore.Kind.ANSWER, null, 3, ""));
        String csv = Gradebook.csv(List.of(graded("ana", null, scores), graded("Pérez, Luis", null, scores.subList(0, 1))));
        assertEquals("""
                student,grade_id,points,max_points
                ana,test_a,2,2
                ana,test_b,0.5,1.5
                ana,why,,3
                "Pérez, Luis",test_a,2,2
                """, csv);
    }

    @Test
    void feedbackShowsHiddenTestsAndNothingAStudentWroteAsMarkup() {
        Cell hidden = test("test_b", 1, "Check.equal(1, f());\n// BEGIN HIDDEN TESTS\nCheck.equal(2, g());\n// END HIDDEN TESTS");
        hidden.outputs(List.of(error("CheckFailed", "CheckFailed: expected 2 but got 3")), 2);
        Cell answer = Cell.code("display(Html.of(\"<script>alert(1)</script>\"))");
        JsonObject html = new JsonObject();
        html.addProperty("output_type", "display_data");
        JsonObject data = new JsonObject();
        data.addProperty("text/html", "<script>alert(1)</script>");
        data.addProperty("text/plain", "<b>plain</b>");
        html.add("data", data);
        answer.outputs(List.of(html, stream("stderr", "<img src=x onerror=alert(2)>")), 1);
        NotebookFile ran = notebook(answer, hidden, markdownAnswer("why", 2, "Because <i>so</i>."));
        List<CellScore> scores = List.of(new CellScore("test_b", 1, CellScore.Kind.TEST, 0.0, 1, "CheckFailed: expected 2 but got 3"),
                new CellScore("why", 2, CellScore.Kind.ANSWER, null, 2, ""));
        String page = Feedback.html(graded("ana", ran, scores), "hw.ipynb", "en");
        assertFalse(page.contains("<script>"), page);
        assertFalse(page.contains("<img src=x"), page);
        assertFalse(page.contains("<i>so</i>"), page);
        assertTrue(page.contains("&lt;b&gt;plain&lt;/b&gt;"));
        assertTrue(page.contains("<span class=\"hidden-tests\">// BEGIN HIDDEN TESTS   [hidden tests included]"), page);
        assertTrue(page.contains("CheckFailed: expected 2 but got 3"));
        assertTrue(page.contains("Score: 0 of 3 points (2 points still to be graded by the teacher)"), page);
        assertTrue(page.contains("This locked cell had been edited"), page);
        assertTrue(Feedback.html(graded("ana", ran, scores), "hw.ipynb", "es").contains("Puntuación: 0 de 3 puntos"));
    }

    @Test
    void validateReportsEachTestWithPointsOnOneScreen() {
        Cell pass = test("test_square", 2, "Check.equal(9, square(3));");
        Cell fail = test("test_mean", 3, "Check.equal(2.5, mean(xs));");
        fail.outputs(List.of(error("CheckFailed", "cuaderno.homework.CheckFailed: expected 2.5 but got 2.0")), 3);
        Cell broken = Cell.code("double[] xs = load();");
        broken.outputs(List.of(error("CompileError", "CompileError: cannot find symbol  (In [1], line 1, column 15)")), 1);
        NotebookFile executed = notebook(broken, pass, fail, markdownAnswer("why", 1, "x"));
        NotebookRun run = NotebookRun.recorded(executed, Map.of(0, NotebookRun.Status.ERROR, 1, NotebookRun.Status.OK,
                2, NotebookRun.Status.ERROR), null);
        assertEquals("""
                t.ipynb: 2 tests, 5 points
                  ✓ test_square  2 points
                  ✗ test_mean    0 of 3 points  CheckFailed: expected 2.5 but got 2.0
                  · why          graded by your teacher (up to 1 point)
                Cells with errors outside the tests:
                  cell 1: CompileError: cannot find symbol  (In [1], line 1, column 15)
                1 of 2 tests pass: 2 of 5 points""", Validation.of(run).report());
        executed.language("es");
        assertTrue(Validation.of(run).report().endsWith("1 de 2 pruebas superadas: 2 de 5 puntos"));
    }
}
