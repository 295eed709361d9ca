package cuaderno.homework;

import com.google.gson.JsonObject;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code assign}'s two runs, both under the limits grading uses: the source must pass every test and run without
 * errors; the student version must fail every test (nbgrader's {@code validate --invert}: nothing for free) and
 * compile in every cell (the stubs' promise).
 */
public final class AssignmentCheck {

    private AssignmentCheck() {
    }

    /** Runs both checks, printing one line per finding; true when there is none. */
    public static boolean run(Assignment assignment, Sandbox sandbox, PrintStream out) {
        List<String> problems = new ArrayList<>();
        NotebookRun source = NotebookRun.of(assignment.source(), sandbox, "source");
        Validation sourceCheck = Validation.of(source, assignment);
        sourceCheck.failing().forEach(s -> problems.add("source: " + s.gradeId() + " fails: " + s.message()));
        sourceCheck.cellErrors().forEach(e -> problems.add("source: " + e));
        addRunProblem(problems, "source", source);
        if (problems.isEmpty()) {
            out.printf(Locale.ROOT, "  source: every test passes (%d of %d) in %.1f s%n",
                    sourceCheck.tests().size(), sourceCheck.tests().size(), source.seconds());
        }
        problems.forEach(p -> out.println("  " + p));
        int before = problems.size();
        NotebookRun student = NotebookRun.of(assignment.student(), sandbox, "student-version");
        Validation studentCheck = Validation.of(student, assignment);
        studentCheck.passing().forEach(s -> problems.add("student version: " + s.gradeId() + " passes without an "
                + "answer (" + Messages.pointsPhrase("en", s.maxPoints()) + " for nothing)"));
        List<Cell> cells = student.executed().cells();
        for (int i = 0; i < cells.size(); i++) {
            for (JsonObject output : cells.get(i).outputs()) {
                if (output.has("ename") && output.get("ename").getAsString().equals("CompileError")) {
                    problems.add("student version: " + Assignment.where(student.executed(), i + 1, cells.get(i))
                            + " does not compile: " + CellScore.errorLine(output));
                }
            }
        }
        addRunProblem(problems, "student version", student);
        if (problems.size() == before) {
            out.printf(Locale.ROOT, "  student version: every test fails (%d of %d) in %.1f s%n",
                    studentCheck.tests().size(), studentCheck.tests().size(), student.seconds());
        }
        problems.subList(before, problems.size()).forEach(p -> out.println("  " + p));
        return problems.isEmpty();
    }

    private static void addRunProblem(List<String> problems, String what, NotebookRun run) {
        if (run.problem() != null) {
            problems.add(what + ": " + run.problem());
        }
    }
}
