package cuaderno.cli;

import cuaderno.homework.HomeworkError;
import cuaderno.homework.NotebookFile;
import cuaderno.homework.NotebookRun;
import cuaderno.homework.Sandbox;
import cuaderno.homework.Validation;

import java.util.List;

/**
 * {@code validate NOTEBOOK.ipynb}: what a student runs before handing in. Runs the notebook in a fresh kernel (in the
 * sandbox grading uses, where bubblewrap is installed) and lists each visible test as passed or failed with its
 * points. Exit status 0 when every test passes; with {@code --invert}, when every test fails (nbgrader's check that
 * a student version gives nothing away).
 */
final class Validate {

    static final String USAGE = "validate NOTEBOOK.ipynb [--invert] " + HomeworkOptions.LIMITS_USAGE;

    private Validate() {
    }

    static int run(List<String> args) {
        try {
            HomeworkOptions options = HomeworkOptions.parse(args, USAGE, List.of("--invert"));
            if (options.notebooks.size() != 1) {
                throw options.usage(options.notebooks.isEmpty() ? "which notebook?" : "one notebook at a time");
            }
            NotebookFile notebook = NotebookFile.read(options.notebooks.get(0));
            try (Sandbox sandbox = options.sandbox(false)) {
                Validation validation = Validation.of(NotebookRun.of(notebook, sandbox, notebook.name()));
                System.out.println(validation.report());
                if (options.has("--invert")) {
                    return validation.passing().isEmpty() ? 0 : 1;
                }
                boolean clean = validation.failing().isEmpty() && validation.run().problem() == null;
                return clean ? 0 : 1;
            }
        } catch (HomeworkError e) {
            System.err.println("validate: " + e.getMessage());
            return 2;
        }
    }
}
