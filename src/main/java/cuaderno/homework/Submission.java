package cuaderno.homework;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A student's notebook made ready for grading, as nbgrader's autograde does (OverwriteCells): every locked cell
 * (tests, read-only cells) is put back as the teacher wrote it, hidden tests included; graded cells get the
 * teacher's metadata back (a student cannot change points or turn a test into an answer); cells the student
 * deleted are put back where they were; ids the source does not know are dropped. Answers stay as written.
 *
 * @param notebook what runs
 * @param edited   grade ids of locked cells the student had changed (restored)
 * @param added    grade ids of cells that were missing (put back)
 */
public record Submission(NotebookFile notebook, List<String> edited, List<String> added) {

    /** The student a submission belongs to: the folder under {@code submitted/}, else the file's name. */
    public static String studentOf(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        for (int i = absolute.getNameCount() - 2; i >= 0; i--) {
            if (absolute.getName(i).toString().equals("submitted") && i + 1 < absolute.getNameCount() - 1) {
                return absolute.getName(i + 1).toString();
            }
        }
        String name = absolute.getFileName().toString();
        return name.endsWith(".ipynb") ? name.substring(0, name.length() - ".ipynb".length()) : name;
    }

    public static Submission of(NotebookFile submitted, Assignment assignment) {
        Map<String, Cell> release = Assignment.tracked(assignment.release());
        Map<String, Cell> handedOut = Assignment.tracked(assignment.student());
        List<Cell> cells = new ArrayList<>();
        List<String> edited = new ArrayList<>();
        Map<String, Integer> placed = new LinkedHashMap<>();
        for (Cell cell : submitted.cells()) {
            String id = cell.nbgrader() != null ? Nbgrader.gradeId(cell) : null;
            Cell teacher = id == null || placed.containsKey(id) ? null : release.get(id);
            if (teacher == null) {
                if (cell.nbgrader() != null) {
                    cell.metadata().remove("nbgrader"); // an id the source does not know, or a copy of one
                }
                cells.add(cell);
                continue;
            }
            Cell handed = handedOut.get(id);
            if (Nbgrader.isLocked(teacher)) {
                if (!cell.source().equals(handed.source()) || !cell.type().equals(handed.type())) {
                    edited.add(id);
                }
                cell = teacher.copy();
            } else {
                cell.type(teacher.type());
                cell.metadata().add("nbgrader", teacher.nbgrader().deepCopy());
            }
            placed.put(id, cells.size());
            cells.add(cell);
        }
        List<String> added = new ArrayList<>();
        String previous = null;
        for (Map.Entry<String, Cell> entry : release.entrySet()) {
            String id = entry.getKey();
            if (!placed.containsKey(id)) {
                int at = previous == null ? 0 : placed.get(previous) + 1;
                Cell missing = Nbgrader.isLocked(entry.getValue()) ? entry.getValue().copy() : handedOut.get(id).copy();
                cells.add(at, missing);
                placed.replaceAll((other, index) -> index >= at ? index + 1 : index);
                placed.put(id, at);
                added.add(id);
            }
            previous = id;
        }
        NotebookFile notebook = assignment.release().copy().renamed(assignment.source().name());
        cells.forEach(Cell::clearOutputs);
        notebook.cells(cells);
        return new Submission(notebook, edited, added);
    }
}
