package cuaderno.homework;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code gradebook.csv}: {@code student,grade_id,points,max_points}, one row per student and graded cell, in the
 * order of the notebook. A cell the teacher still has to grade has an empty {@code points}.
 */
public final class Gradebook {

    public static final String HEADER = "student,grade_id,points,max_points";

    private Gradebook() {
    }

    public static String csv(List<GradedSubmission> results) {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (GradedSubmission result : results) {
            for (CellScore score : result.scores()) {
                csv.append(field(result.student())).append(',').append(field(score.gradeId())).append(',')
                        .append(score.points() == null ? "" : Messages.points(score.points())).append(',')
                        .append(Messages.points(score.maxPoints())).append('\n');
            }
        }
        return csv.toString();
    }

    public static void write(Path file, List<GradedSubmission> results) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, csv(results), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new HomeworkError("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** RFC 4180: quoted when it holds a comma, a quote or a line break. */
    private static String field(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
