package cuaderno.homework;

import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The student version: Java stubs that compile where nbgrader's do not, hidden tests out, nbgrader's metadata. */
class AssignmentTest {

    private static JShell shell;

    @BeforeAll
    static void startShell() {
        shell = JShell.builder().executionEngine("local").build();
    }

    @AfterAll
    static void closeShell() {
        shell.close();
    }

    @Test
    void aMethodThatReturnsKeepsItsSignatureAndThrows() {
        Assignment assignment = assign(answer("square", """
                static int square(int x) {
                    // BEGIN SOLUTION
                    return x * x;
                    // END SOLUTION
                }"""), test("test_square", 2, "Check.equal(9, square(3));"));
        assertEquals("""
                static int square(int x) {
                    // YOUR CODE HERE
                    throw new UnsupportedOperationException("exercise not done yet: square");
                }""", source(assignment.student(), 0));
        assertCompiles(assignment.student(), 0);
    }

    @Test
    void statementsFollowedByCodeKeepTheirLocalsAndStayReachable() {
        Assignment assignment = assign(answer("mean", """
                static double mean(double[] xs) {
                    // BEGIN SOLUTION
                    double sum = 0;
                    final int n = xs.length;
                    for (double x : xs) sum += x;
                    // END SOLUTION
                    return sum / n;
                }"""));
        assertEquals("""
                static double mean(double[] xs) {
                    double sum;
                    int n;
                    // YOUR CODE HERE
                    if (true) throw new UnsupportedOperationException("exercise not done yet: mean");
                    return sum / n;
                }""", source(assignment.student(), 0));
        assertCompiles(assignment.student(), 0);
    }

    @Test
    void aWholeSolutionCellKeepsWhatLaterCellsUse() {
        Assignment assignment = assign(answer("defs", """
                int answer = 6 * 7;
                /** Says hello. */
                static String greet(String name) {
                    return "hola " + name;
                }
                System.out.println(greet("Ana"));"""),
                Cell.code("String later = greet(\"x\") + answer;"));
        assertEquals("""
                int answer;
                /** Says hello. */
                static String greet(String name) {
                    // YOUR CODE HERE
                    throw new UnsupportedOperationException("exercise not done yet: greet");
                }
                // YOUR CODE HERE
                throw new UnsupportedOperationException("exercise not done yet: answer");""",
                source(assignment.student(), 0));
        assertCompiles(assignment.student(), 0, 1);
    }

    @Test
    void aClassKeepsItsShapeWithEveryBodyStubbed() {
        Assignment assignment = assign(answer("counter", """
                class Counter {
                    private final List<Integer> seen = new ArrayList<>();
                    enum Mode { UP, DOWN("d"); Mode() {} Mode(String s) {} }
                    Counter(int start) { seen.add(start); }
                    int count() { return seen.size(); }
                }"""), Cell.code("int n = new Counter(1).count();"));
        String stub = source(assignment.student(), 0);
        assertTrue(stub.contains("private List<Integer> seen;"), stub);
        assertTrue(stub.contains("UP, DOWN(\"d\")"), stub);
        assertTrue(stub.contains("throw new UnsupportedOperationException(\"exercise not done yet: Counter\");"), stub);
        assertTrue(stub.contains("throw new UnsupportedOperationException(\"exercise not done yet: count\");"), stub);
        assertFalse(stub.contains("seen.size()"), stub);
        assertCompiles(assignment.student(), 0, 1);
    }

    @Test
    void aRegionBetweenTopLevelStatementsBecomesAThrow() {
        Assignment assignment = assign(answer("top", """
                int base = 10;
                // BEGIN SOLUTION
                int total = base * 4 + 2;
                // END SOLUTION
                System.out.println(total);"""));
        assertEquals("""
                int base = 10;
                int total;
                // YOUR CODE HERE
                throw new UnsupportedOperationException("exercise not done yet: total");
                System.out.println(total);""", source(assignment.student(), 0));
        assertCompiles(assignment.student(), 0);
        assertEquals(List.of(), assignment.warnings());

        Assignment declaresAfter = assign(answer("data", """
                // BEGIN SOLUTION
                int[] x = {1, 2};
                // END SOLUTION
                int[] y = {3, 4};
                int sum(int[] a) { return a[0] + a[1]; }
                sum(x)"""));
        assertEquals(1, declaresAfter.warnings().size(), declaresAfter.warnings().toString());
        assertTrue(declaresAfter.warnings().get(0).contains("so y, sum, declared after the region, are missing for the "
                + "cells below"), declaresAfter.warnings().get(0));
    }

    @Test
    void aRegionThatIsTheWholeCellBetweenMarkersIsLikeAWholeSolutionCell() {
        Assignment assignment = assign(answer("model", """
                // BEGIN SOLUTION
                String model = "mlp";
                int epochs = model.length() + 7;
                // END SOLUTION"""), Cell.code("String later = model + epochs;"));
        assertEquals("""
                // BEGIN SOLUTION
                String model;
                int epochs;
                // YOUR CODE HERE
                throw new UnsupportedOperationException("exercise not done yet: model, epochs");
                // END SOLUTION""".replace("// BEGIN SOLUTION\n", "").replace("\n// END SOLUTION", ""),
                source(assignment.student(), 0));
        assertEquals(List.of(), assignment.warnings());
        assertCompiles(assignment.student(), 0, 1);
    }

    @Test
    void aRegionInALambdaAndOneInsideAnExpression() {
        Assignment assignment = assign(answer("lambda", """
                java.util.function.IntUnaryOperator twice = x -> {
                    // BEGIN SOLUTION
                    return 2 * x;
                    // END SOLUTION
                };"""), answer("expr", """
                int y = Math.max(1,
                    // BEGIN SOLUTION
                    2
                    // END SOLUTION
                );"""));
        assertTrue(source(assignment.student(), 0).contains("    throw new UnsupportedOperationException(\"exercise not done yet\");"));
        assertCompiles(assignment.student(), 0);
        assertEquals(1, assignment.warnings().size(), assignment.warnings().toString());
        assertTrue(assignment.warnings().get(0).contains("t.ipynb: cell 2 (expr), line 2"), assignment.warnings().toString());
    }

    @Test
    void aRegionInAClassBodyAndOneInATopLevelLoop() {
        Assignment assignment = assign(answer("shape", """
                class Shape {
                    double w = 2;
                    // BEGIN SOLUTION
                    double area() { return w * w; }
                    // END SOLUTION
                }
                double total = 0;
                for (int i = 0; i < 3; i++) {
                    // BEGIN SOLUTION
                    total += new Shape().area();
                    // END SOLUTION
                }"""), Cell.code("double a = new Shape().area() + total;"));
        String stub = source(assignment.student(), 0);
        assertTrue(stub.contains("    double area() {\n        // YOUR CODE HERE\n        throw new UnsupportedOperationException("
                + "\"exercise not done yet: area\");\n    }"), stub);
        assertTrue(stub.contains("for (int i = 0; i < 3; i++) {\n    // YOUR CODE HERE\n    throw new"), stub);
        assertCompiles(assignment.student(), 0, 1);
    }

    @Test
    void varCannotKeepItsTypeAndSaysSo() {
        Assignment assignment = assign(answer("v", "var rate = 0.5;"));
        assertTrue(assignment.warnings().get(0).contains("'var rate'"), assignment.warnings().toString());
    }

    @Test
    void spanishStubsAndMarkdownAnswers() {
        NotebookFile source = notebook(answer("f", "static int f() {\n  // BEGIN SOLUTION\n  return 1;\n  // END SOLUTION\n}"),
                markdownAnswer("why", 3, "Because the gradient vanishes."));
        Assignment assignment = Assignment.of(source, "es");
        assertTrue(source(assignment.student(), 0).contains("\"ejercicio sin resolver: f\""));
        assertEquals("ESCRIBE TU RESPUESTA AQUÍ", source(assignment.student(), 1));
        assertEquals("es", assignment.student().language());
    }

    @Test
    void hiddenTestsLeaveTheStudentVersionButStayInTheRelease() {
        Assignment assignment = assign(answer("square", "static int square(int x) { return x * x; }"),
                test("test_square", 2, """
                        Check.equal(4, square(2));
                        // BEGIN HIDDEN TESTS
                        Check.equal(9, square(3));
                        // END HIDDEN TESTS"""));
        assertEquals("Check.equal(4, square(2));", source(assignment.student(), 1));
        assertTrue(source(assignment.release(), 1).contains("Check.equal(9, square(3));"));
        Cell studentTest = assignment.student().cells().get(1);
        assertEquals(Nbgrader.checksum(studentTest), Nbgrader.storedChecksum(studentTest));
        assertNotEquals(Nbgrader.storedChecksum(studentTest), Nbgrader.storedChecksum(assignment.release().cells().get(1)));
        assertEquals(false, studentTest.metadata().get("editable").getAsBoolean());
        assertEquals("code", studentTest.nbgrader().get("cell_type").getAsString());
    }

    @Test
    void outputsAreClearedAndTheKernelIsCuaderno() {
        NotebookFile source = notebook(test("t", 1, "1 + 1"));
        source.cells().get(0).outputs(List.of(new com.google.gson.JsonObject()), 3);
        Assignment assignment = Assignment.of(source, null);
        assertTrue(assignment.student().cells().get(0).outputs().isEmpty());
        assertEquals("cuaderno", assignment.student().metadata().getAsJsonObject("kernelspec").get("name").getAsString());
    }

    @Test
    void mistakesInTheSourceAreOneLine() {
        HomeworkError unclosed = assertThrows(HomeworkError.class,
                () -> assign(answer("a", "int x;\n// BEGIN SOLUTION\nx = 1;")));
        assertEquals("t.ipynb: cell 1 (a), line 2: 'BEGIN SOLUTION' has no 'END SOLUTION' after it", unclosed.getMessage());
        HomeworkError notAnswer = assertThrows(HomeworkError.class,
                () -> assign(Cell.code("// BEGIN SOLUTION\nint x = 1;\n// END SOLUTION")));
        assertTrue(notAnswer.getMessage().contains("not an answer"), notAnswer.getMessage());
        HomeworkError duplicate = assertThrows(HomeworkError.class, () -> assign(test("t", 1, "1"), test("t", 1, "2")));
        assertTrue(duplicate.getMessage().contains("grade_id is used by an earlier cell"), duplicate.getMessage());
        HomeworkError hidden = assertThrows(HomeworkError.class,
                () -> assign(Cell.code("// BEGIN HIDDEN TESTS\n1\n// END HIDDEN TESTS")));
        assertTrue(hidden.getMessage().contains("not graded"), hidden.getMessage());
    }

    // ---------------------------------------------------------------- helpers

    static Cell answer(String id, String source) {
        Cell cell = Cell.code(source);
        cell.metadata().add("nbgrader", Nbgrader.metadata(id, false, true, false, null));
        return cell;
    }

    static Cell markdownAnswer(String id, double points, String source) {
        Cell cell = Cell.markdown(source);
        cell.metadata().add("nbgrader", Nbgrader.metadata(id, true, true, false, points));
        return cell;
    }

    static Cell test(String id, double points, String source) {
        Cell cell = Cell.code(source);
        cell.metadata().add("nbgrader", Nbgrader.metadata(id, true, false, true, points));
        return cell;
    }

    static NotebookFile notebook(Cell... cells) {
        NotebookFile notebook = NotebookFile.parse("{\"cells\": [], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}", "t.ipynb");
        notebook.cells(List.of(cells));
        return notebook;
    }

    private static Assignment assign(Cell... cells) {
        return Assignment.of(notebook(cells), null);
    }

    private static String source(NotebookFile notebook, int cell) {
        return notebook.cells().get(cell).source();
    }

    /** Every snippet of the given cells compiles in JShell (running them may throw: that is the stub's job). */
    private static void assertCompiles(NotebookFile notebook, int... cells) {
        shell.snippets().toList().forEach(shell::drop);
        shell.eval("import java.util.*;");
        for (int index : cells) {
            String rest = source(notebook, index);
            List<String> rejected = new ArrayList<>();
            while (!rest.isBlank()) {
                var info = shell.sourceCodeAnalysis().analyzeCompletion(rest);
                for (SnippetEvent event : shell.eval(info.source())) {
                    if (event.causeSnippet() == null && event.status() != Snippet.Status.VALID) {
                        rejected.add(info.source().strip() + " -> " + shell.diagnostics(event.snippet())
                                .map(d -> d.getMessage(null)).toList());
                    }
                }
                rest = info.remaining();
            }
            assertEquals(List.of(), rejected, "cell " + index + " of the student version:\n" + source(notebook, index));
        }
    }
}
