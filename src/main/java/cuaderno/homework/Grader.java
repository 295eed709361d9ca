package cuaderno.homework;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Grades a class: each submission merged with the source ({@link Submission}), run in its own fresh sandbox and
 * kernel ({@link NotebookRun}), scored cell by cell ({@link CellScore}); then the gradebook and one feedback page
 * per student. A submission that cannot be read, crashes its kernel or runs out of time scores what it earned and
 * never stops the others.
 */
public final class Grader {

    private final Assignment assignment;
    private final Sandbox sandbox;
    private final Path output;

    public Grader(Assignment assignment, Sandbox sandbox, Path output) {
        this.assignment = assignment;
        this.sandbox = sandbox;
        this.output = output;
    }

    /** Grades every submission ({@code jobs} at a time), writes gradebook and feedback, prints a line per student. */
    public List<GradedSubmission> grade(List<Path> submissions, int jobs, PrintStream out) {
        Map<Path, String> students = students(submissions, out);
        List<GradedSubmission> results = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, jobs));
        try {
            Map<Path, Future<GradedSubmission>> running = new LinkedHashMap<>();
            for (Map.Entry<Path, String> entry : students.entrySet()) {
                running.put(entry.getKey(), pool.submit(() -> gradeOne(entry.getKey(), entry.getValue(), out)));
            }
            for (Map.Entry<Path, Future<GradedSubmission>> entry : running.entrySet()) {
                try {
                    results.add(entry.getValue().get());
                } catch (ExecutionException e) {
                    results.add(failed(entry.getKey(), students.get(entry.getKey()), "grading failed: " + e.getCause()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HomeworkError("interrupted");
        } finally {
            pool.shutdownNow();
        }
        Gradebook.write(output.resolve("gradebook.csv"), results);
        return results;
    }

    /** Grades one submission and writes its feedback page; never throws. */
    GradedSubmission gradeOne(Path path, String student, PrintStream out) {
        GradedSubmission result;
        try {
            Submission submission = Submission.of(NotebookFile.read(path), assignment);
            NotebookRun run = NotebookRun.of(submission.notebook(), sandbox, student);
            result = new GradedSubmission(student, path, scores(run), run.executed(), submission.edited(),
                    submission.added(), run.problem(), run.seconds());
        } catch (RuntimeException e) {
            result = failed(path, student, e instanceof HomeworkError ? e.getMessage() : e.toString());
        }
        try {
            Feedback.write(feedbackPage(student), result, assignment.source().name(), assignment.language());
        } catch (HomeworkError e) {
            result = new GradedSubmission(student, path, result.scores(), result.ran(), result.edited(), result.added(),
                    e.getMessage(), result.seconds());
        }
        synchronized (out) {
            out.println(summaryLine(result));
        }
        return result;
    }

    public Path feedbackPage(String student) {
        return output.resolve("feedback").resolve(student.replaceAll("[^\\p{L}\\p{N}._@-]", "_") + ".html");
    }

    private List<CellScore> scores(NotebookRun run) {
        Map<String, Cell> handedOut = Assignment.tracked(assignment.student());
        List<CellScore> scores = new ArrayList<>();
        List<Cell> cells = run.executed().cells();
        for (int i = 0; i < cells.size(); i++) {
            Cell cell = cells.get(i);
            if (Nbgrader.isAutograded(cell) || Nbgrader.isManuallyGraded(cell)) {
                scores.add(CellScore.of(cell, i, handedOut.get(Nbgrader.gradeId(cell)), run.status(i), assignment.language()));
            }
        }
        return scores;
    }

    /** Every graded cell at 0, with the reason: for a submission that could not be read or graded. */
    private GradedSubmission failed(Path path, String student, String problem) {
        List<CellScore> scores = new ArrayList<>();
        List<Cell> cells = assignment.student().cells();
        for (int i = 0; i < cells.size(); i++) {
            Cell cell = cells.get(i);
            if (Nbgrader.isAutograded(cell) || Nbgrader.isManuallyGraded(cell)) {
                CellScore.Kind kind = Nbgrader.isTask(cell) ? CellScore.Kind.TASK
                        : Nbgrader.isSolution(cell) ? CellScore.Kind.ANSWER : CellScore.Kind.TEST;
                scores.add(new CellScore(Nbgrader.gradeId(cell), i, kind, 0.0, Nbgrader.points(cell), problem));
            }
        }
        return new GradedSubmission(student, path, scores, null, List.of(), List.of(), problem, 0);
    }

    private static String summaryLine(GradedSubmission result) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-16s %6s / %s", result.student(),
                Messages.points(result.earned()), Messages.points(result.maxPoints())));
        if (result.pending() > 0) {
            line.append("  (").append(Messages.points(result.pending())).append(" to grade by hand)");
        }
        line.append(String.format(Locale.ROOT, "  %.1f s", result.seconds()));
        if (!result.edited().isEmpty()) {
            line.append("  edited locked cells, restored: ").append(String.join(", ", result.edited()));
        }
        if (!result.added().isEmpty()) {
            line.append("  missing cells, put back: ").append(String.join(", ", result.added()));
        }
        if (result.problem() != null) {
            line.append("  ").append(result.problem());
        }
        return line.toString();
    }

    /** Student names, made unique: a second submission by the same name gets "-2" (and a warning). */
    private static Map<Path, String> students(List<Path> submissions, PrintStream out) {
        Map<Path, String> students = new LinkedHashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Path path : submissions) {
            String student = Submission.studentOf(path);
            int count = seen.merge(student, 1, Integer::sum);
            if (count > 1) {
                String renamed = student + "-" + count;
                out.println("  warning: " + path + " is a second submission by " + student + ": graded as " + renamed);
                student = renamed;
            }
            students.put(path, student);
        }
        return students;
    }
}
