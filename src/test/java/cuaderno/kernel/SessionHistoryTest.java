package cuaderno.kernel;

import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager.ResultFlag;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionHistoryTest {

    private final SessionHistory history = new SessionHistory();

    SessionHistoryTest() {
        history.add(1, "int x = 1;", "");
        history.add(2, "x + 1", "2");
        history.add(3, "x + 1", "2");
        history.add(4, "System.out.println(x)", "");
    }

    private static List<String> inputs(List<HistoryEntry> entries) {
        return entries.stream().map(HistoryEntry::getInput).toList();
    }

    @Test
    void tailReturnsTheLastCellsInOrder() {
        assertEquals(List.of("x + 1", "System.out.println(x)"), inputs(history.lookupTail(2, Set.of())));
        assertFalse(history.lookupTail(2, Set.of()).get(0).hasOutput());
        assertEquals("2", history.lookupTail(2, EnumSet.of(ResultFlag.INCLUDE_OUTPUT)).get(0).getOutput());
    }

    @Test
    void rangeIsStartInclusiveStopExclusive() {
        List<HistoryEntry> range = history.lookupRange(0, 2, 4, Set.of());
        assertEquals(List.of(2, 3), range.stream().map(HistoryEntry::getCellNumber).toList());
        assertTrue(history.lookupRange(-1, 1, 4, Set.of()).isEmpty());
    }

    @Test
    void searchUsesGlobsAndUnique() {
        assertEquals(2, history.search("x ? 1", 10, Set.of()).size());
        assertEquals(1, history.search("x ? 1", 10, EnumSet.of(ResultFlag.UNIQUE)).size());
        assertEquals(List.of("System.out.println(x)"), inputs(history.search("System*", 10, Set.of())));
        assertEquals(List.of("int x = 1;"), inputs(history.search("[i]nt*", 10, Set.of())));
        assertEquals(1, history.search("*", 1, Set.of()).size());
    }
}
