package cuaderno.homework;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * nbgrader's cell metadata (schema version 3), read and checked as nbgrader's own {@code utils.py} does, so that a
 * notebook moves between nbgrader and Cuaderno: {@code grade}, {@code solution}, {@code locked}, {@code task},
 * {@code grade_id}, {@code points} and the md5 {@code checksum} of a cell's canonical fields.
 */
public final class Nbgrader {

    public static final int SCHEMA_VERSION = 3;

    private Nbgrader() {
    }

    public static boolean isGrade(Cell cell) {
        return flag(cell, "grade");
    }

    public static boolean isSolution(Cell cell) {
        return flag(cell, "solution");
    }

    public static boolean isTask(Cell cell) {
        return flag(cell, "task");
    }

    /** nbgrader's is_locked: a solution cell never is, a grade cell always is, any other cell when marked locked. */
    public static boolean isLocked(Cell cell) {
        if (cell.nbgrader() == null || isSolution(cell)) {
            return false;
        }
        return isGrade(cell) || flag(cell, "locked");
    }

    /** A cell nbgrader tracks by id: graded, a solution, locked or a task. */
    public static boolean isTracked(Cell cell) {
        return isGrade(cell) || isSolution(cell) || isLocked(cell) || isTask(cell);
    }

    /** A test cell: graded by running it (a graded code cell that is not itself an answer). */
    public static boolean isAutograded(Cell cell) {
        return isGrade(cell) && !isSolution(cell) && cell.isCode();
    }

    /** Graded by the teacher: a graded answer cell (markdown or code) or a task cell. */
    public static boolean isManuallyGraded(Cell cell) {
        return (isGrade(cell) && isSolution(cell)) || isTask(cell);
    }

    public static String gradeId(Cell cell) {
        JsonObject meta = cell.nbgrader();
        JsonElement id = meta == null ? null : meta.get("grade_id");
        return id == null || id.isJsonNull() ? null : id.getAsString();
    }

    public static double points(Cell cell) {
        JsonObject meta = cell.nbgrader();
        JsonElement points = meta == null ? null : meta.get("points");
        if (points == null || points.isJsonNull()) {
            return 0;
        }
        try {
            return points.getAsDouble();
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public static String storedChecksum(Cell cell) {
        JsonObject meta = cell.nbgrader();
        JsonElement checksum = meta == null ? null : meta.get("checksum");
        return checksum == null || checksum.isJsonNull() ? null : checksum.getAsString();
    }

    /**
     * nbgrader's compute_checksum: md5 over the source, the cell type, {@code str()} of is_grade, is_solution and
     * is_locked, the grade id and, for graded cells, {@code str(float(points))}, all as UTF-8.
     */
    public static String checksum(Cell cell) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            update(md5, cell.source());
            update(md5, cell.type());
            update(md5, pythonBool(isGrade(cell)));
            update(md5, pythonBool(isSolution(cell)));
            update(md5, pythonBool(isLocked(cell)));
            update(md5, gradeId(cell) == null ? "" : gradeId(cell));
            if (isGrade(cell)) {
                update(md5, pythonFloat(points(cell)));
            }
            return HexFormat.of().formatHex(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    /** What nbgrader's generate_assignment writes: the checksum and the cell type it was made for. */
    static void stampChecksum(Cell cell) {
        JsonObject meta = cell.nbgrader();
        meta.addProperty("checksum", checksum(cell));
        meta.addProperty("cell_type", cell.type());
    }

    /**
     * What is wrong with a teacher's notebook as nbgrader's schema-3 validator sees it (missing or duplicate ids,
     * graded cells without points, markdown answers that are not both graded and solutions, task cells that are not
     * markdown, ids with characters nbgrader refuses); empty when it is fine.
     */
    public static List<String> problems(NotebookFile notebook) {
        List<String> problems = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int number = 0;
        for (Cell cell : notebook.cells()) {
            number++;
            JsonObject meta = cell.nbgrader();
            if (meta == null) {
                continue;
            }
            String where = "cell " + number;
            String id = gradeId(cell);
            boolean tracked = isGrade(cell) || isSolution(cell) || isLocked(cell) || isTask(cell);
            if (tracked && (id == null || id.isEmpty())) {
                problems.add(where + " has no grade_id");
                continue;
            }
            if (!tracked) {
                continue;
            }
            where = where + " (" + id + ")";
            if (!id.matches("[a-zA-Z0-9_\\-]*")) {
                problems.add(where + ": a grade_id may use letters, digits, '_' and '-' only");
            }
            if (!ids.add(id)) {
                problems.add(where + ": the grade_id is used by an earlier cell too");
            }
            if ((isGrade(cell) || isTask(cell)) && !meta.has("points")) {
                problems.add(where + " is graded but has no points");
            }
            if (points(cell) < 0) {
                problems.add(where + " has negative points");
            }
            if (isTask(cell) && !cell.type().equals("markdown")) {
                problems.add(where + " is a task: task cells are markdown");
            }
            if (!isTask(cell) && cell.type().equals("markdown") && isGrade(cell) != isSolution(cell)) {
                problems.add(where + ": a graded markdown cell is an answer: mark it both grade and solution");
            }
        }
        return problems;
    }

    /** nbgrader metadata as its schema version 3 writes it. */
    public static JsonObject metadata(String gradeId, boolean grade, boolean solution, boolean locked, Double points) {
        JsonObject meta = new JsonObject();
        meta.addProperty("grade", grade);
        meta.addProperty("grade_id", gradeId);
        meta.addProperty("locked", locked);
        if (points != null) {
            meta.addProperty("points", points);
        }
        meta.addProperty("schema_version", SCHEMA_VERSION);
        meta.addProperty("solution", solution);
        return meta;
    }

    private static boolean flag(Cell cell, String name) {
        JsonObject meta = cell.nbgrader();
        if (meta == null) {
            return false;
        }
        JsonElement value = meta.get(name);
        return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isBoolean() && value.getAsBoolean();
    }

    private static void update(MessageDigest md5, String text) {
        md5.update(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String pythonBool(boolean value) {
        return value ? "True" : "False";
    }

    /** Python's {@code str(float)}: shortest digits, ".0" on whole numbers, exponent below 1e-4 and from 1e16. */
    static String pythonFloat(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return (1 / value < 0) ? "-0.0" : "0.0";
        }
        BigDecimal decimal = new BigDecimal(Double.toString(Math.abs(value))).stripTrailingZeros();
        String digits = decimal.unscaledValue().toString();
        int point = digits.length() - decimal.scale(); // digits before the decimal point, as Python's decpt
        String sign = value < 0 ? "-" : "";
        if (point > 16 || point < -3) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            int exponent = point - 1;
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
        }
        if (point <= 0) {
            return sign + "0." + "0".repeat(-point) + digits;
        }
        if (point >= digits.length()) {
            return sign + digits + "0".repeat(point - digits.length()) + ".0";
        }
        return sign + digits.substring(0, point) + "." + digits.substring(point);
    }
}
