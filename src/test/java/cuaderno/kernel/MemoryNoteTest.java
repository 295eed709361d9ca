package cuaderno.kernel;

import cuaderno.eval.CellError;
import cuaderno.eval.Evaluator;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryNoteTest {

    private static final long MB = 1024 * 1024;

    @Test
    void saysOnceWhenPastTheThresholdAgainOnlyWhenMemoryGrowsAndNamesTheLargestVariables() throws CellError {
        MemoryNote.Levels[] levels = {new MemoryNote.Levels(100 * MB, 1000 * MB, 500 * MB, 8000 * MB)};
        MemoryNote note = new MemoryNote(() -> levels[0]);
        try (Evaluator evaluator = new Evaluator(List.of())) {
            evaluator.eval("long[] big = new long[2_000_000]; int[] small = new int[10];", "In [1]");
            assertFalse(note.afterCell(evaluator).isPresent(), "10 % of the heap, 6 % of the machine");

            levels[0] = new MemoryNote.Levels(850 * MB, 1000 * MB, 1200 * MB, 8000 * MB);
            Optional<DisplayData> shown = note.afterCell(evaluator);
            assertTrue(shown.isPresent());
            String text = (String) shown.get().getData(MIMEType.TEXT_PLAIN);
            assertTrue(text.startsWith("Memory is running low: its Java heap is 85 % full (850 MB)."), text);
            assertTrue(text.contains("The largest variables: big (15 MB)."), text);
            assertTrue(text.contains("x = null;"), text);

            assertFalse(note.afterCell(evaluator).isPresent(), "said once");
            levels[0] = new MemoryNote.Levels(880 * MB, 1000 * MB, 1200 * MB, 8000 * MB);
            assertFalse(note.afterCell(evaluator).isPresent(), "3 points more: still said");
            levels[0] = new MemoryNote.Levels(900 * MB, 1000 * MB, 1200 * MB, 8000 * MB);
            assertTrue(note.afterCell(evaluator).isPresent(), "5 points more: said again");

            levels[0] = new MemoryNote.Levels(100 * MB, 1000 * MB, 500 * MB, 8000 * MB);
            assertFalse(note.afterCell(evaluator).isPresent(), "back under the threshold");
            levels[0] = new MemoryNote.Levels(100 * MB, 1000 * MB, 7000 * MB, 8000 * MB);
            String process = (String) note.afterCell(evaluator).orElseThrow().getData(MIMEType.TEXT_PLAIN);
            assertTrue(process.contains("it holds 6.8 GB of the 7.8 GB this machine allows it (87 %)"), process);

            levels[0] = new MemoryNote.Levels(100 * MB, 1000 * MB, 500 * MB, 8000 * MB);
            assertFalse(note.afterCell(evaluator).isPresent());
            levels[0] = new MemoryNote.Levels(810 * MB, 1000 * MB, 500 * MB, 8000 * MB);
            assertTrue(note.afterCell(evaluator).isPresent(), "below, then past again: said again");
        }
    }

    @Test
    void theReportSkipsTemporariesThatFailedCellsLeftNull() throws CellError {
        try (Evaluator evaluator = new Evaluator(List.of())) {
            evaluator.eval("long[] big = new long[1000]; String empty = null;", "In [1]");
            assertThrows(CellError.class, () -> evaluator.eval("\"x\".substring(5)", "In [2]"));
            assertEquals(3, evaluator.variables().size(), "JShell keeps the failed cell's temporary, null: "
                    + evaluator.variables());
            List<String> names = MemoryReport.of(evaluator.variables()).variables().stream()
                    .map(MemoryReport.Variable::name).toList();
            assertEquals(List.of("big", "empty"), names, "a null the student declared stays");
        }
    }

    @Test
    void unknownLimitsNeverCallForANote() {
        assertEquals(0, new MemoryNote.Levels(-1, -1, -1, -1).percent());
        assertEquals(50, new MemoryNote.Levels(1, -1, 50, 100).percent());
    }
}
