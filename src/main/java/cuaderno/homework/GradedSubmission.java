package cuaderno.homework;

import java.nio.file.Path;
import java.util.List;

/**
 * One student's grading: a score per graded cell (in notebook order), the notebook as it ran, what grading had to
 * put back, and why the run failed as a whole, if it did.
 *
 * @param ran     the notebook with its outputs; null when the submission could not be read
 * @param problem why nothing (or not everything) ran, or null
 */
public record GradedSubmission(String student, Path path, List<CellScore> scores, NotebookFile ran,
                               List<String> edited, List<String> added, String problem, double seconds) {

    /** Points earned so far (cells the teacher has still to grade count nothing). */
    public double earned() {
        return CellScore.totals(scores)[0];
    }

    /** Points the tests can give. */
    public double testPoints() {
        return scores.stream().filter(s -> s.kind() == CellScore.Kind.TEST).mapToDouble(CellScore::maxPoints).sum();
    }

    /** Points still waiting for the teacher. */
    public double pending() {
        return scores.stream().filter(CellScore::isManual).mapToDouble(CellScore::maxPoints).sum();
    }

    public double maxPoints() {
        return CellScore.totals(scores)[1];
    }
}
