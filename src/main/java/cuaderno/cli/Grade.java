package cuaderno.cli;

import cuaderno.homework.Assignment;
import cuaderno.homework.GradedSubmission;
import cuaderno.homework.Grader;
import cuaderno.homework.HomeworkError;
import cuaderno.homework.Limits;
import cuaderno.homework.Messages;
import cuaderno.homework.NotebookFile;
import cuaderno.homework.Sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code grade SOURCE.ipynb SUBMISSION.ipynb... [-o DIR]}: every submission graded in its own sandbox, against the
 * source's tests (hidden ones included); {@code DIR/gradebook.csv}, {@code DIR/feedback/STUDENT.html} and a line
 * per student on stdout. The sandbox is required: {@code --no-sandbox} runs students' code unprotected.
 */
final class Grade {

    static final String USAGE = "grade SOURCE.ipynb SUBMISSION.ipynb... [-o DIR] [-j N] " + HomeworkOptions.LIMITS_USAGE;

    private Grade() {
    }

    static int run(List<String> args) {
        try {
            HomeworkOptions options = HomeworkOptions.parse(args, USAGE, List.of());
            if (options.notebooks.size() < 2) {
                throw options.usage("the source notebook and at least one submission, please");
            }
            Path sourcePath = options.notebooks.get(0);
            List<Path> submissions = options.notebooks.subList(1, options.notebooks.size());
            Assignment assignment = Assignment.of(NotebookFile.read(sourcePath), null);
            Path output = options.output != null ? options.output : Path.of("graded");
            try (Sandbox sandbox = options.sandbox(true)) {
                Limits limits = sandbox.limits();
                System.out.printf(Locale.ROOT, "grade: %s, %d submission%s, %s; limits: %d s per cell, %d s per "
                                + "notebook, %s memory, %s disk%n", assignment.source().name(), submissions.size(),
                        submissions.size() == 1 ? "" : "s",
                        sandbox.isIsolated() ? "each in a bubblewrap sandbox" : "NOT sandboxed (--no-sandbox)",
                        limits.cellSeconds(), limits.notebookSeconds(), Limits.describeSize(limits.memoryBytes()),
                        Limits.describeSize(limits.diskBytes()));
                Grader grader = new Grader(assignment, sandbox, output);
                List<GradedSubmission> results = grader.grade(submissions, options.jobs, System.out);
                double average = results.stream().mapToDouble(GradedSubmission::earned).average().orElse(0);
                double max = results.isEmpty() ? 0 : results.get(0).maxPoints();
                System.out.printf(Locale.ROOT, "Average %.2f of %s points. Wrote %s and %d feedback pages in %s%n",
                        average, Messages.points(max), output.resolve("gradebook.csv"), results.size(),
                        output.resolve("feedback"));
                return 0;
            }
        } catch (HomeworkError e) {
            System.err.println("grade: " + e.getMessage());
            return 2;
        }
    }
}
