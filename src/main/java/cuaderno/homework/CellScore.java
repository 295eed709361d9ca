package cuaderno.homework;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.List;
import java.util.Locale;

/**
 * The score of one graded cell, by nbgrader's rules (its {@code determine_grade}): a test cell earns full points
 * unless it shows an error or writes anything to stderr (then 0), or shows a number as its result (then that
 * number: partial credit); a graded answer left as handed out earns 0, otherwise the teacher grades it, as
 * task cells.
 *
 * @param points  null while the teacher has not graded it
 * @param message why, in one line: the error, the stderr line, "partial credit", or empty when it passed
 */
public record CellScore(String gradeId, int cell, Kind kind, Double points, double maxPoints, String message) {

    public enum Kind {
        /** A test cell, graded by running it. */
        TEST,
        /** An answer the teacher grades (markdown, or a code answer marked graded). */
        ANSWER,
        /** A task cell: work described in markdown, graded by the teacher. */
        TASK
    }

    private static final int MAX_MESSAGE = 240;

    public boolean passed() {
        return kind == Kind.TEST && points != null && points >= maxPoints;
    }

    public boolean isManual() {
        return points == null;
    }

    /**
     * @param cell         the cell as it ran
     * @param handedOut    the same cell in the student version (to tell an untouched answer), or null to trust the
     *                     cell's own stored checksum
     * @param status       how the run of the cell ended
     */
    static CellScore of(Cell cell, int index, Cell handedOut, NotebookRun.Status status, String language) {
        String id = Nbgrader.gradeId(cell);
        double max = Nbgrader.points(cell);
        if (Nbgrader.isTask(cell)) {
            return new CellScore(id, index, Kind.TASK, null, max, "");
        }
        if (Nbgrader.isSolution(cell)) {
            // grading compares with the version handed out; validate, like nbgrader, with the cell's own checksum
            String original = handedOut != null ? Nbgrader.checksum(handedOut) : Nbgrader.storedChecksum(cell);
            boolean untouched = Nbgrader.checksum(cell).equals(original);
            return untouched ? new CellScore(id, index, Kind.ANSWER, 0.0, max, Messages.get(language, "report.no_answer"))
                    : new CellScore(id, index, Kind.ANSWER, null, max, "");
        }
        if (status == NotebookRun.Status.NOT_RUN) {
            return new CellScore(id, index, Kind.TEST, 0.0, max, Messages.get(language, "feedback.not_run"));
        }
        for (JsonObject output : cell.outputs()) {
            String type = string(output, "output_type");
            if (type.equals("error")) {
                return new CellScore(id, index, Kind.TEST, 0.0, max, errorLine(output));
            }
            if (type.equals("stream") && string(output, "name").equals("stderr")) {
                String first = NotebookFile.text(output.get("text")).strip().lines().findFirst().orElse("");
                return new CellScore(id, index, Kind.TEST, 0.0, max, shorten(Messages.get(language, "report.stderr", first)));
            }
            if (type.equals("execute_result")) {
                return partialCredit(output, id, index, max);
            }
        }
        return new CellScore(id, index, Kind.TEST, max, max, "");
    }

    /** nbgrader's get_partial_grade: a result that reads as a number in [0, max] is the score; anything else, full. */
    private static CellScore partialCredit(JsonObject output, String id, int index, double max) {
        JsonElement data = output.get("data");
        String text = data != null && data.isJsonObject() ? NotebookFile.text(data.getAsJsonObject().get("text/plain")) : "";
        Double value = pythonFloat(text);
        if (value == null || value.isNaN() || value < 0) {
            return new CellScore(id, index, Kind.TEST, max, max, "");
        }
        if (value > max) {
            return new CellScore(id, index, Kind.TEST, max, max, "partial credit " + text.strip() + " is above the "
                    + "cell's points: counted as " + Messages.points(max));
        }
        return new CellScore(id, index, Kind.TEST, value, max, value < max ? "partial credit" : "");
    }

    /** What Python's float() accepts (underscores between digits, inf, nan, surrounding blanks), or null. */
    static Double pythonFloat(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (s.matches("[+-]?(inf|infinity)")) {
            return s.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (s.matches("[+-]?nan")) {
            return Double.NaN;
        }
        String digits = "\\d(?:_?\\d)*";
        if (!s.matches("[+-]?(?:" + digits + "(?:\\.(?:" + digits + ")?)?|\\.(?:" + digits + "))(?:e[+-]?" + digits + ")?")) {
            return null;
        }
        return Double.parseDouble(s.replace("_", ""));
    }

    /** The error as the kernel's first traceback line says it (colours stripped), else "name: value". */
    static String errorLine(JsonObject output) {
        JsonElement traceback = output.get("traceback");
        if (traceback != null && traceback.isJsonArray() && !traceback.getAsJsonArray().isEmpty()) {
            String first = traceback.getAsJsonArray().get(0).getAsString().replaceAll("\u001b\\[[;\\d]*m", "");
            // "java.lang.ArithmeticException: / by zero" reads as "ArithmeticException: / by zero"
            String line = first.strip().lines().findFirst().orElse("")
                    .replaceFirst("^(?:[a-z_$][\\w$]*\\.)+(?=[A-Z])", "");
            if (!line.isEmpty()) {
                return shorten(line);
            }
        }
        return shorten(string(output, "ename") + ": " + string(output, "evalue"));
    }

    private static String shorten(String line) {
        return line.length() <= MAX_MESSAGE ? line : line.substring(0, MAX_MESSAGE - 1) + "…";
    }

    private static String string(JsonObject object, String member) {
        JsonElement value = object.get(member);
        return value == null || value.isJsonNull() ? "" : value.getAsString();
    }

    /** Sum of points earned (manual cells not yet graded count nothing) and of maximum points. */
    static double[] totals(List<CellScore> scores) {
        double earned = 0;
        double max = 0;
        for (CellScore score : scores) {
            earned += score.points() == null ? 0 : score.points();
            max += score.maxPoints();
        }
        return new double[] {earned, max};
    }
}
