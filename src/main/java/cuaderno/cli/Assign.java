package cuaderno.cli;

import cuaderno.homework.Assignment;
import cuaderno.homework.AssignmentCheck;
import cuaderno.homework.HomeworkError;
import cuaderno.homework.NotebookFile;
import cuaderno.homework.Sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code assign SOURCE.ipynb [-o DIR]}: the student version of a teacher's notebook, written only after the source
 * passes every test and the student version fails every test (so a student starts with nothing for free), both run
 * under the limits grading uses. {@code --no-check} skips both runs; {@code --force} writes even when a check fails.
 */
final class Assign {

    static final String USAGE = "assign SOURCE.ipynb [-o DIR] [--lang es|en] [--no-check] [--force] "
            + HomeworkOptions.LIMITS_USAGE;

    private Assign() {
    }

    static int run(List<String> args) {
        try {
            HomeworkOptions options = HomeworkOptions.parse(args, USAGE, List.of("--no-check", "--force"));
            if (options.notebooks.size() != 1) {
                throw options.usage(options.notebooks.isEmpty() ? "which source notebook?" : "one source at a time");
            }
            Path sourcePath = options.notebooks.get(0).toAbsolutePath();
            NotebookFile source = NotebookFile.read(sourcePath);
            Assignment assignment = Assignment.of(source, options.language);
            Path dir = options.output != null ? options.output : sourcePath.resolveSibling("release");
            Path target = dir.resolve(source.name()).toAbsolutePath().normalize();
            if (target.equals(sourcePath.normalize())) {
                throw new HomeworkError("the student version would overwrite the source: pick another -o DIR");
            }
            Assignment.Totals totals = assignment.totals();
            System.out.printf(Locale.ROOT, "%s: %d answers, %d tests (%s points), %d graded by hand (%s points)%n",
                    source.name(), totals.answers(), totals.tests(), points(totals.testPoints()),
                    totals.manualCells(), points(totals.manualPoints()));
            assignment.warnings().forEach(w -> System.out.println("  warning: " + w));
            boolean ok = true;
            if (!options.has("--no-check")) {
                try (Sandbox sandbox = options.sandbox(false)) {
                    ok = AssignmentCheck.run(assignment, sandbox, System.out);
                }
            }
            if (!ok && !options.has("--force")) {
                System.out.flush();
                System.err.println("assign: not written (fix the source, or --force to write it anyway)");
                return 1;
            }
            assignment.student().write(target);
            System.out.println("Wrote " + target);
            return 0;
        } catch (HomeworkError e) {
            System.err.println("assign: " + e.getMessage());
            return 2;
        }
    }

    private static String points(double points) {
        return cuaderno.homework.Messages.points(points);
    }
}
