package cuaderno.homework;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static cuaderno.homework.AssignmentTest.answer;
import static cuaderno.homework.AssignmentTest.notebook;
import static cuaderno.homework.AssignmentTest.test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A submission made ready for grading: what the student may change stays, what they may not is put back. */
class SubmissionTest {

    private static Assignment assignment() {
        Cell readOnly = Cell.code("int[] data = {1, 2, 3};");
        readOnly.metadata().add("nbgrader", Nbgrader.metadata("data", false, false, true, null));
        return Assignment.of(notebook(readOnly,
                answer("square", "static int square(int x) {\n    // BEGIN SOLUTION\n    return x * x;\n    // END SOLUTION\n}"),
                test("test_square", 2, "Check.equal(9, square(3));\n// BEGIN HIDDEN TESTS\nCheck.equal(16, square(4));\n// END HIDDEN TESTS"),
                Cell.markdown("Some text.")), null);
    }

    private static List<String> sources(NotebookFile notebook) {
        return notebook.cells().stream().map(Cell::source).toList();
    }

    @Test
    void lockedCellsComeBackWithTheirHiddenTestsAndAnswersStay() {
        Assignment assignment = assignment();
        NotebookFile submitted = assignment.student().copy();
        submitted.cells().get(0).source("int[] data = {9};");           // edited a read-only cell
        submitted.cells().get(1).source("static int square(int x) { return x * x; }");
        submitted.cells().get(2).source("// all good");                 // emptied the test
        Submission submission = Submission.of(submitted, assignment);
        List<String> sources = sources(submission.notebook());
        assertEquals("int[] data = {1, 2, 3};", sources.get(0));
        assertEquals("static int square(int x) { return x * x; }", sources.get(1));
        assertTrue(sources.get(2).contains("Check.equal(16, square(4));"));
        assertEquals(List.of("data", "test_square"), submission.edited());
        assertEquals(List.of(), submission.added());
    }

    @Test
    void hiddenTestsAloneAreNotAnEdit() {
        Assignment assignment = assignment();
        assertEquals(List.of(), Submission.of(assignment.student().copy(), assignment).edited());
    }

    @Test
    void forgedMetadataIsReplacedByTheTeachers() {
        Assignment assignment = assignment();
        NotebookFile submitted = assignment.student().copy();
        Cell test = submitted.cells().get(2);
        test.nbgrader().addProperty("points", 100);
        test.nbgrader().addProperty("grade", false);
        test.nbgrader().addProperty("solution", true);  // an "answer" is not restored... unless the teacher's says test
        test.source("// mine now");
        Submission submission = Submission.of(submitted, assignment);
        Cell graded = submission.notebook().cells().get(2);
        assertEquals(2.0, Nbgrader.points(graded));
        assertTrue(Nbgrader.isAutograded(graded));
        assertTrue(graded.source().startsWith("Check.equal(9, square(3));"));
    }

    @Test
    void deletedCellsArePutBackWhereTheyWere() {
        Assignment assignment = assignment();
        NotebookFile submitted = assignment.student().copy();
        List<Cell> cells = submitted.cells();
        submitted.cells(List.of(cells.get(1), cells.get(3)));           // deleted the data cell and the test
        Submission submission = Submission.of(submitted, assignment);
        assertEquals(List.of("data", "test_square"), submission.added());
        List<String> sources = sources(submission.notebook());
        assertEquals(4, sources.size());
        assertEquals("int[] data = {1, 2, 3};", sources.get(0));
        assertTrue(sources.get(1).contains("YOUR CODE HERE"), sources.get(1));
        assertTrue(sources.get(2).startsWith("Check.equal(9, square(3));"), sources.get(2));
        assertEquals("Some text.", sources.get(3));
    }

    @Test
    void unknownAndCopiedIdsLoseTheirMetadata() {
        Assignment assignment = assignment();
        NotebookFile submitted = assignment.student().copy();
        Cell copy = submitted.cells().get(2).copy();
        copy.source("System.out.println(\"a copy of the test, edited\");");
        Cell stranger = test("bonus", 50, "1");
        List<Cell> cells = new java.util.ArrayList<>(submitted.cells());
        cells.add(copy);
        cells.add(stranger);
        submitted.cells(cells);
        NotebookFile graded = Submission.of(submitted, assignment).notebook();
        assertNull(graded.cells().get(4).nbgrader());
        assertNull(graded.cells().get(5).nbgrader());
    }

    @Test
    void theStudentIsTheFolderUnderSubmittedElseTheFileName() {
        assertEquals("ana", Submission.studentOf(Path.of("/class/submitted/ana/hw1.ipynb")));
        assertEquals("ana", Submission.studentOf(Path.of("/class/submitted/ana/ps1/hw1.ipynb")));
        assertEquals("bruno_hw1", Submission.studentOf(Path.of("/inbox/bruno_hw1.ipynb")));
    }
}
