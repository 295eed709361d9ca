package cuaderno.table;

import cuaderno.display.MimeBundle;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class TablesTest {

    private static Table results() {
        return Table.create("results",
                StringColumn.create("optimizer", "Adam", "SGD", "Adagrad <b>&"),
                IntColumn.create("epochs", 70, 70, 70),
                DoubleColumn.create("test_accuracy", 0.9633, 0.1135, 0.8699),
                DoubleColumn.create("lr", 0.001, 0.01, 0.001));
    }

    private static Map<String, Object> data(Table table) {
        return Tables.bundle(table).data();
    }

    private static Document parse(String html) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void htmlIsWellFormedEscapedAndLooksLikePandas() throws Exception {
        String html = (String) data(results()).get("text/html");
        Document doc = parse(html); // throws if the HTML is not well formed
        NodeList rows = doc.getElementsByTagName("tr");
        assertEquals(4, rows.getLength(), "header + 3 rows");
        assertEquals("Adagrad <b>&", rows.item(3).getChildNodes().item(1).getTextContent(), "text escaped, not markup");
        assertTrue(html.contains("class=\"dataframe\""));
        assertTrue(html.contains("<th>2</th>"), "rows numbered from 0 like pandas' index");
        assertTrue(html.contains("<td style=\"text-align:right\">0.9633</td>"));
        assertTrue(html.contains("<td style=\"text-align:left\">Adam</td>"));
    }

    @Test
    void numbersOfAColumnShareTheirDecimals() {
        Table t = Table.create("t", DoubleColumn.create("a", 1.0, 2.5), DoubleColumn.create("b", 0.001, 0.01),
                DoubleColumn.create("c", 1e-5, 1.0), IntColumn.create("n", 60000, 10000),
                DoubleColumn.create("d", 0.5, Double.NaN));
        String text = (String) data(t).get("text/plain");
        assertTrue(text.contains("1.0") && text.contains("2.5"), text);
        assertTrue(text.contains("0.001") && text.contains("0.010"), text);
        assertTrue(text.contains("1.000000e-05") && text.contains("1.000000e+00"), "tiny values go scientific: " + text);
        assertTrue(text.contains("60000"), text);
        assertTrue(text.contains("NaN"), text);
    }

    @Test
    void longTablesShowTheirEdgesAndSayHowManyAreHidden() throws Exception {
        Table t = Table.create("long", IntColumn.create("step", IntStream.range(0, 1000).toArray()));
        Map<String, Object> data = data(t);
        String html = (String) data.get("text/html");
        parse(html);
        assertTrue(html.contains("… 990 more rows"), html);
        assertTrue(html.contains("<th>999</th>") && html.contains("<th>4</th>") && !html.contains("<th>5</th>"));
        assertTrue(html.contains("Tables.all(table)"));
        assertTrue(((String) data.get("text/latex")).contains("… 990 more rows".replace("…", "\\dots{}")));
        assertTrue(((String) data.get("text/markdown")).contains("… 990 more rows"));
        assertTrue(((String) data.get("text/plain")).contains("[1,000 rows × 1 columns]"));
        MimeBundle all = Tables.all(t).toMimeBundle();
        assertFalse(((String) all.data().get("text/html")).contains("more rows"));
        assertTrue(((String) all.data().get("text/html")).contains("<th>500</th>"));
    }

    @Test
    void markdownIsATableWithAlignedColumns() {
        String md = (String) data(Table.create("t", StringColumn.create("name", "a|b"), DoubleColumn.create("x", 0.5)))
                .get("text/markdown");
        String[] lines = md.split("\n");
        assertEquals("| | name | x |", lines[0]);
        assertEquals("|---:|:---|---:|", lines[1]);
        assertEquals("| 0 | a\\|b | 0.5 |", lines[2]);
    }

    @Test
    void latexIsBooktabsAndCompiles() throws Exception {
        String latex = (String) data(results()).get("text/latex");
        assertTrue(latex.startsWith("\\begin{tabular}{rlrrr}\n\\toprule"), latex);
        assertTrue(latex.contains("test\\_accuracy") && latex.contains("Adagrad <b>\\&"), latex);
        assumeTrue(onPath("xelatex") || System.getenv("CI") != null, "xelatex is not installed (scripts/setup installs it)");
        Path dir = Files.createTempDirectory("latex");
        Files.writeString(dir.resolve("t.tex"), "\\documentclass{article}\\usepackage{booktabs}\\begin{document}\n"
                + latex + "\\end{document}\n");
        Process p = new ProcessBuilder("xelatex", "-interaction=nonstopmode", "-halt-on-error", "t.tex")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), log);
        assertTrue(Files.size(dir.resolve("t.pdf")) > 1000);
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv("PATH").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aViewCanHideRowNumbersAndFixDecimalsLikeKeras() throws Exception {
        Table history = Table.create("history", IntColumn.create("epoch", 1, 2, 3),
                DoubleColumn.create("loss", 0.5, 0.29031, 0.2), DoubleColumn.create("accuracy", 0.8, 0.9187, 0.95));
        TableView view = Tables.view(history).rowNumbers(false).decimals(4);
        Map<String, Object> data = view.toMimeBundle().data();
        String html = (String) data.get("text/html");
        Document doc = parse(html);
        assertEquals(0, doc.getElementsByTagName("th").getLength() - 3, "header cells only, no row numbers: " + html);
        assertTrue(html.contains(">0.5000<") && html.contains(">0.2903<") && html.contains(">0.9187<"), html);
        assertTrue(html.contains("<tr><td style=\"text-align:right\">1</td>"), "the epoch column leads each row: " + html);
        String text = (String) data.get("text/plain");
        assertEquals("epoch    loss  accuracy", text.lines().findFirst().orElseThrow());
        assertEquals("    1  0.5000    0.8000", text.lines().skip(1).findFirst().orElseThrow());
        String md = (String) data.get("text/markdown");
        assertTrue(md.startsWith("| epoch | loss | accuracy |\n|---:|---:|---:|\n| 1 | 0.5000 | 0.8000 |"), md);
        String latex = (String) data.get("text/latex");
        assertTrue(latex.startsWith("\\begin{tabular}{rrr}\n\\toprule\nepoch & loss & accuracy \\\\"), latex);
        assertTrue(latex.contains("\n1 & 0.5000 & 0.8000 \\\\"), latex);
        // one column fixed, the others as before
        String one = (String) Tables.view(history).decimals("loss", 2).toMimeBundle().data().get("text/plain");
        assertTrue(one.contains("0.29") && one.contains("0.9187") && !one.contains("0.2903"), one);
        assertTrue(one.startsWith("   epoch"), "row numbers shown by default: " + one);
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Tables.view(history).decimals("val_loss", 4));
        assertTrue(e.getMessage().contains("[epoch, loss, accuracy]"), e.getMessage());
    }

    @Test
    void longTablesWithoutRowNumbersStillSayWhatIsHidden() throws Exception {
        Table t = Table.create("long", IntColumn.create("step", IntStream.range(1, 1001).toArray()));
        Map<String, Object> data = Tables.view(t).rowNumbers(false).toMimeBundle().data();
        parse((String) data.get("text/html"));
        assertTrue(((String) data.get("text/html")).contains("… 990 more rows"));
        assertTrue(((String) data.get("text/plain")).contains("… 990 more rows"));
        assertTrue(((String) data.get("text/latex")).contains("\\multicolumn{1}"));
    }
}
