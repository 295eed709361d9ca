package cuaderno.homework;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checksums and notebook files held to the real nbgrader: {@code nbgrader-release-problem1.ipynb} is the student
 * version nbgrader's own documentation generated (jupyter/nbgrader, docs/source/user_guide/release/ps1/
 * problem1.ipynb at commit f3878c749fee3733f29f91fb5f6c1c81a51e2a4c, BSD-3-Clause), checksums and all.
 */
class NbgraderTest {

    private static String fixture() throws IOException {
        try (InputStream in = NbgraderTest.class.getResourceAsStream("nbgrader-release-problem1.ipynb")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void checksumsAreNbgradersOwn() throws IOException {
        NotebookFile release = NotebookFile.parse(fixture(), "problem1.ipynb");
        int checked = 0;
        for (Cell cell : release.cells()) {
            if (Nbgrader.storedChecksum(cell) != null) {
                assertEquals(Nbgrader.storedChecksum(cell), Nbgrader.checksum(cell), Nbgrader.gradeId(cell));
                checked++;
            }
        }
        assertEquals(10, checked);
    }

    @Test
    void anEditChangesTheChecksum() throws IOException {
        Cell test = NotebookFile.parse(fixture(), "p.ipynb").cells().stream()
                .filter(c -> "correct_squares".equals(Nbgrader.gradeId(c))).findFirst().orElseThrow();
        String before = Nbgrader.checksum(test);
        test.source(test.source() + "\nassert True");
        assertFalse(before.equals(Nbgrader.checksum(test)));
    }

    @Test
    void notebooksAreWrittenAsNbformatWritesThem() throws IOException {
        String text = fixture();
        assertEquals(text, NotebookFile.parse(text, "problem1.ipynb").toJson());
    }

    @Test
    void rolesFollowNbgradersRules() throws IOException {
        List<Cell> cells = NotebookFile.parse(fixture(), "p.ipynb").cells();
        Cell answer = cells.stream().filter(c -> "squares".equals(Nbgrader.gradeId(c))).findFirst().orElseThrow();
        Cell test = cells.stream().filter(c -> "correct_squares".equals(Nbgrader.gradeId(c))).findFirst().orElseThrow();
        assertTrue(Nbgrader.isSolution(answer) && !Nbgrader.isLocked(answer) && !Nbgrader.isGrade(answer));
        // nbgrader's is_locked: a grade cell is locked even when its metadata says locked: false
        assertTrue(Nbgrader.isLocked(test) && Nbgrader.isAutograded(test));
        assertEquals(1.0, Nbgrader.points(test));
    }

    @Test
    void pointsAreHashedAsPythonWritesFloats() {
        assertEquals("2.0", Nbgrader.pythonFloat(2));
        assertEquals("0.5", Nbgrader.pythonFloat(0.5));
        assertEquals("0.1", Nbgrader.pythonFloat(0.1));
        assertEquals("0.0001", Nbgrader.pythonFloat(1e-4));
        assertEquals("1e-05", Nbgrader.pythonFloat(1e-5));
        assertEquals("1000000000000000.0", Nbgrader.pythonFloat(1e15));
        assertEquals("1e+16", Nbgrader.pythonFloat(1e16));
        assertEquals("1.5e+16", Nbgrader.pythonFloat(1.5e16));
        assertEquals("123.25", Nbgrader.pythonFloat(123.25));
        assertEquals("0.0", Nbgrader.pythonFloat(0));
    }
}
