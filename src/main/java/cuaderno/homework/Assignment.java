package cuaderno.homework;

import com.google.gson.JsonElement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A teacher's source notebook and the two versions made from it, as nbgrader's {@code generate_assignment} makes
 * them: the <em>student version</em> (solutions replaced by stubs, hidden tests removed, outputs cleared, locked
 * cells made read-only and checksummed) and the <em>release</em> (the same with the hidden tests still in), which
 * is what locked cells are restored from when a submission is graded.
 */
public final class Assignment {

    private final NotebookFile source;
    private final NotebookFile release;
    private final NotebookFile student;
    private final List<String> warnings;

    private Assignment(NotebookFile source, NotebookFile release, NotebookFile student, List<String> warnings) {
        this.source = source;
        this.release = release;
        this.student = student;
        this.warnings = warnings;
    }

    /**
     * @param language the students' language ({@code es} or {@code en}); null keeps the source's
     *                 {@code metadata.cuaderno.language} (English when it has none)
     */
    public static Assignment of(NotebookFile source, String language) {
        List<String> problems = Nbgrader.problems(source);
        if (!problems.isEmpty()) {
            throw new HomeworkError(source.name() + ": " + String.join("; ", problems));
        }
        JsonElement kernelspec = source.metadata().get("kernelspec");
        if (kernelspec != null && kernelspec.isJsonObject() && kernelspec.getAsJsonObject().has("language")
                && !kernelspec.getAsJsonObject().get("language").getAsString().equalsIgnoreCase("java")) {
            throw new HomeworkError(source.name() + " is a " + kernelspec.getAsJsonObject().get("language").getAsString()
                    + " notebook: assign makes Java student versions (use nbgrader for other languages)");
        }
        String lang = language != null ? Messages.normalise(language) : source.language();
        NotebookFile release = source.copy();
        release.language(lang);
        release.useCuadernoKernel();
        release.metadata().remove("celltoolbar");
        JavaStub stubs = new JavaStub(lang);
        List<String> warnings = new ArrayList<>();
        try {
            int number = 0;
            for (Cell cell : release.cells()) {
                number++;
                lock(cell);
                clearSolutions(cell, stubs, lang, where(source, number, cell));
                cell.clearOutputs();
            }
            warnings.addAll(stubs.warnings());
        } finally {
            stubs.close();
        }
        NotebookFile student = release.copy();
        int number = 0;
        for (Cell cell : student.cells()) {
            number++;
            if (Markers.hasHiddenTests(cell.source())) {
                if (!Nbgrader.isGrade(cell)) {
                    throw new HomeworkError(where(source, number, cell) + ": hidden tests in a cell that is not "
                            + "graded; mark the cell as an autograder test (grade: true, with points)");
                }
                cell.source(Markers.removeHiddenTests(cell.source(), where(source, number, cell)));
            }
            if (Nbgrader.isTracked(cell)) {
                Nbgrader.stampChecksum(cell);
            }
        }
        for (Cell cell : release.cells()) {
            if (Nbgrader.isTracked(cell)) {
                Nbgrader.stampChecksum(cell);
            }
        }
        return new Assignment(source, release, student, warnings);
    }

    /** nbgrader's LockCells: answers cannot be deleted; tests and read-only cells can be neither edited nor deleted. */
    private static void lock(Cell cell) {
        if (Nbgrader.isSolution(cell)) {
            cell.metadata().addProperty("deletable", false);
        } else if (Nbgrader.isGrade(cell) || Nbgrader.isLocked(cell)) {
            cell.metadata().addProperty("deletable", false);
            cell.metadata().addProperty("editable", false);
        }
    }

    /** nbgrader's ClearSolutions, with Java stubs that compile ({@link JavaStub}). */
    private static void clearSolutions(Cell cell, JavaStub stubs, String language, String where) {
        String code = cell.source();
        boolean marked = Markers.hasSolution(code);
        if (marked && !Nbgrader.isSolution(cell)) {
            throw new HomeworkError(where + ": a solution region in a cell that is not an answer; mark the cell as "
                    + "a solution (nbgrader: solution: true, with a grade_id)");
        }
        if (!Nbgrader.isSolution(cell)) {
            return;
        }
        if (!marked) {
            cell.source(cell.isCode() ? stubs.wholeCell(code, where) : Messages.get(language, "stub.answer"));
            return;
        }
        List<String> lines = Markers.lines(code);
        int[] lineStarts = new int[lines.size() + 1];
        for (int i = 0; i < lines.size(); i++) {
            lineStarts[i + 1] = lineStarts[i] + lines.get(i).length() + 1;
        }
        cell.source(Markers.replace(code, Markers.BEGIN_SOLUTION, Markers.END_SOLUTION, where, region -> {
            String indent = Markers.indent(lines.get(region.beginLine()));
            if (!cell.isCode()) {
                return List.of(indent + Messages.get(language, "stub.answer"));
            }
            return stubs.region(code, lineStarts[region.beginLine() + 1], lineStarts[region.endLine()], indent,
                    where + ", line " + (region.beginLine() + 1));
        }));
    }

    /** "hw1.ipynb: cell 3 (square)": where a message points. */
    static String where(NotebookFile notebook, int number, Cell cell) {
        String id = Nbgrader.gradeId(cell);
        return notebook.name() + ": cell " + number + (id != null ? " (" + id + ")" : "");
    }

    public NotebookFile source() {
        return source;
    }

    /** What students get. */
    public NotebookFile student() {
        return student;
    }

    /** The student version with the hidden tests in: what grading restores locked cells from. */
    public NotebookFile release() {
        return release;
    }

    public String language() {
        return student.language();
    }

    /** Things the teacher should look at (a declaration the stub could not keep, say); the versions are written anyway. */
    public List<String> warnings() {
        return warnings;
    }

    /** The cells nbgrader tracks (graded, answers, locked, tasks) of a version, by grade id, in order. */
    static Map<String, Cell> tracked(NotebookFile notebook) {
        Map<String, Cell> cells = new LinkedHashMap<>();
        for (Cell cell : notebook.cells()) {
            if (Nbgrader.isTracked(cell) && Nbgrader.gradeId(cell) != null) {
                cells.putIfAbsent(Nbgrader.gradeId(cell), cell);
            }
        }
        return cells;
    }

    /** Points of the tests, of the manually graded cells, and how many of each. */
    public Totals totals() {
        double auto = 0;
        double manual = 0;
        int tests = 0;
        int manualCells = 0;
        int answers = 0;
        for (Cell cell : student.cells()) {
            if (Nbgrader.isAutograded(cell)) {
                tests++;
                auto += Nbgrader.points(cell);
            } else if (Nbgrader.isManuallyGraded(cell)) {
                manualCells++;
                manual += Nbgrader.points(cell);
            }
            if (Nbgrader.isSolution(cell)) {
                answers++;
            }
        }
        return new Totals(answers, tests, auto, manualCells, manual);
    }

    public record Totals(int answers, int tests, double testPoints, int manualCells, double manualPoints) {
    }
}
