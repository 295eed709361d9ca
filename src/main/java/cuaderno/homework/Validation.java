package cuaderno.homework;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A notebook run and what it says about the tests: each visible test passed or failed with its points, the cells
 * the teacher grades, errors in other cells, and locked cells that were edited. What {@code validate} prints, and
 * what {@code assign} checks the source and the student version with.
 */
public final class Validation {

    private final NotebookRun run;
    private final String language;
    private final List<CellScore> tests = new ArrayList<>();
    private final List<CellScore> manual = new ArrayList<>();
    private final List<String> cellErrors = new ArrayList<>();
    private final List<String> edited = new ArrayList<>();

    private Validation(NotebookRun run, Map<String, Cell> handedOut) {
        this.run = run;
        this.language = run.executed().language();
        List<Cell> cells = run.executed().cells();
        for (int i = 0; i < cells.size(); i++) {
            Cell cell = cells.get(i);
            String id = Nbgrader.gradeId(cell);
            int number = i + 1;
            if (Nbgrader.isAutograded(cell)) {
                tests.add(CellScore.of(cell, i, null, run.status(i), language));
            } else if (Nbgrader.isManuallyGraded(cell)) {
                manual.add(CellScore.of(cell, i, id == null ? null : handedOut.get(id), run.status(i), language));
            } else if (cell.isCode()) {
                cell.outputs().stream().filter(o -> o.has("output_type") && o.get("output_type").getAsString().equals("error"))
                        .findFirst().ifPresent(error -> cellErrors.add(Messages.get(language, "report.cell", number)
                                + (id != null ? " (" + id + ")" : "") + ": " + CellScore.errorLine(error)));
            }
            String stored = Nbgrader.storedChecksum(cell);
            if (Nbgrader.isLocked(cell) && stored != null && !stored.equals(Nbgrader.checksum(cell))) {
                edited.add(id);
            }
        }
    }

    /** Validates a notebook as it stands (a student's): answers are compared with their own stored checksums. */
    public static Validation of(NotebookRun run) {
        return new Validation(run, Map.of());
    }

    /** Validates a run of a version made by {@code assignment} (answers compared with the student version). */
    static Validation of(NotebookRun run, Assignment assignment) {
        return new Validation(run, Assignment.tracked(assignment.student()));
    }

    public List<CellScore> tests() {
        return tests;
    }

    public List<CellScore> passing() {
        return tests.stream().filter(CellScore::passed).toList();
    }

    public List<CellScore> failing() {
        return tests.stream().filter(s -> !s.passed()).toList();
    }

    public List<String> cellErrors() {
        return cellErrors;
    }

    public List<String> editedLockedCells() {
        return edited;
    }

    public NotebookRun run() {
        return run;
    }

    /** The report a student reads: one line per test, then what else needs a look, then the total. */
    public String report() {
        StringBuilder out = new StringBuilder();
        double[] total = CellScore.totals(tests);
        out.append(Messages.get(language, "report.title", run.executed().name(), tests.size(),
                        Messages.pointsPhrase(language, total[1])))
                .append('\n');
        int width = 8;
        for (CellScore score : tests) {
            width = Math.max(width, score.gradeId().length());
        }
        for (CellScore score : tests) {
            out.append(line(score, width)).append('\n');
        }
        for (CellScore score : manual) {
            String text = score.points() != null ? score.message() + " (0 / " + Messages.points(score.maxPoints()) + ")"
                    : Messages.get(language, "report.manual", Messages.pointsPhrase(language, score.maxPoints()));
            out.append(String.format("  · %-" + width + "s  %s%n", score.gradeId(), text));
        }
        if (!cellErrors.isEmpty()) {
            out.append(Messages.get(language, "report.cell_errors")).append('\n');
            cellErrors.forEach(e -> out.append("  ").append(e).append('\n'));
        }
        for (String id : edited) {
            out.append(Messages.get(language, "report.edited", id)).append('\n');
        }
        if (run.problem() != null) {
            out.append(run.problem()).append('\n');
        }
        out.append(Messages.get(language, "report.summary", passing().size(), tests.size(),
                Messages.points(total[0]), Messages.points(total[1])));
        return out.toString();
    }

    private String line(CellScore score, int width) {
        String points = score.passed() ? Messages.pointsPhrase(language, score.maxPoints())
                : Messages.get(language, "report.of_points", Messages.points(score.points() == null ? 0 : score.points()),
                Messages.points(score.maxPoints()));
        String mark = score.passed() ? "✓" : "✗";
        String message = score.message().isEmpty() ? "" : "  " + score.message();
        return String.format("  %s %-" + width + "s  %s%s", mark, score.gradeId(), points, message);
    }
}
