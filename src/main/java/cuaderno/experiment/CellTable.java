package cuaderno.experiment;

import cuaderno.display.Escape;
import cuaderno.display.MimeBundle;

import java.util.List;

/**
 * A table of text cells with labelled rows and columns, as the seed prints its grid ("Neurons/Learning Rate" in the
 * corner, DNF cells), in the four forms a notebook and its PDF export use. Cells may carry a CSS style and a hover
 * note in HTML (the live view marks the current run; DNF cells explain themselves).
 */
final class CellTable {

    private final String corner;
    private final List<String> rowLabels;
    private final List<String> columnLabels;
    private final String[][] cells;
    private final String[][] styles;
    private final String[][] notes;

    CellTable(String corner, List<String> rowLabels, List<String> columnLabels) {
        this.corner = corner;
        this.rowLabels = rowLabels;
        this.columnLabels = columnLabels;
        this.cells = new String[rowLabels.size()][columnLabels.size()];
        this.styles = new String[rowLabels.size()][columnLabels.size()];
        this.notes = new String[rowLabels.size()][columnLabels.size()];
        for (String[] row : cells) {
            java.util.Arrays.fill(row, "");
        }
    }

    void set(int row, int column, String text, String style, String note) {
        cells[row][column] = text;
        styles[row][column] = style;
        notes[row][column] = note;
    }

    /** The table in every form, with optional lines of text before and after it. */
    MimeBundle bundle(List<String> before, List<String> after) {
        StringBuilder html = new StringBuilder("<div>");
        before.forEach(line -> html.append("<p style=\"margin:0.2em 0\">").append(Escape.html(line)).append("</p>"));
        html.append(html());
        after.forEach(line -> html.append("<p style=\"margin:0.2em 0;font-size:90%\">").append(Escape.html(line)).append("</p>"));
        html.append("</div>");
        String plain = String.join("\n", before) + (before.isEmpty() ? "" : "\n") + plain()
                + (after.isEmpty() ? "" : "\n" + String.join("\n", after));
        StringBuilder latex = new StringBuilder();
        before.forEach(line -> latex.append(Escape.latex(line)).append("\n\n"));
        latex.append(latex());
        after.forEach(line -> latex.append("\n\n").append(Escape.latex(line)));
        StringBuilder markdown = new StringBuilder();
        before.forEach(line -> markdown.append(Escape.markdownCell(line)).append("\n\n"));
        markdown.append(markdown());
        after.forEach(line -> markdown.append("\n").append(Escape.markdownCell(line)).append("\n"));
        return MimeBundle.text(plain).html(html.toString()).latex(latex.toString()).markdown(markdown.toString());
    }

    String html() {
        StringBuilder h = new StringBuilder("<table border=\"1\" class=\"dataframe\" style=\"border-collapse:collapse\">");
        h.append("<thead><tr style=\"text-align:right\"><th>").append(Escape.html(corner)).append("</th>");
        columnLabels.forEach(label -> h.append("<th>").append(Escape.html(label)).append("</th>"));
        h.append("</tr></thead><tbody>");
        for (int r = 0; r < rowLabels.size(); r++) {
            h.append("<tr><th>").append(Escape.html(rowLabels.get(r))).append("</th>");
            for (int c = 0; c < columnLabels.size(); c++) {
                h.append("<td style=\"text-align:right").append(styles[r][c] == null ? "" : ";" + styles[r][c]).append('"');
                if (notes[r][c] != null) {
                    h.append(" title=\"").append(Escape.html(notes[r][c])).append('"');
                }
                h.append('>').append(Escape.html(cells[r][c])).append("</td>");
            }
            h.append("</tr>");
        }
        return h.append("</tbody></table>").toString();
    }

    String latex() {
        StringBuilder l = new StringBuilder("\\begin{tabular}{l").append("r".repeat(columnLabels.size()))
                .append("}\n\\toprule\n").append(Escape.latex(corner));
        columnLabels.forEach(label -> l.append(" & ").append(Escape.latex(label)));
        l.append(" \\\\\n\\midrule\n");
        for (int r = 0; r < rowLabels.size(); r++) {
            l.append(Escape.latex(rowLabels.get(r)));
            for (String cell : cells[r]) {
                l.append(" & ").append(Escape.latex(cell));
            }
            l.append(" \\\\\n");
        }
        return l.append("\\bottomrule\n\\end{tabular}\n").toString();
    }

    String markdown() {
        StringBuilder m = new StringBuilder("| ").append(Escape.markdownCell(corner)).append(" |");
        columnLabels.forEach(label -> m.append(' ').append(Escape.markdownCell(label)).append(" |"));
        m.append("\n|:---|").append("---:|".repeat(columnLabels.size())).append('\n');
        for (int r = 0; r < rowLabels.size(); r++) {
            m.append("| ").append(Escape.markdownCell(rowLabels.get(r))).append(" |");
            for (String cell : cells[r]) {
                m.append(' ').append(Escape.markdownCell(cell)).append(" |");
            }
            m.append('\n');
        }
        return m.toString();
    }

    String plain() {
        int first = Math.max(corner.length(), rowLabels.stream().mapToInt(String::length).max().orElse(0));
        int[] widths = new int[columnLabels.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = columnLabels.get(c).length();
            for (String[] row : cells) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        StringBuilder p = new StringBuilder(pad(corner, first, false));
        for (int c = 0; c < widths.length; c++) {
            p.append("  ").append(pad(columnLabels.get(c), widths[c], true));
        }
        for (int r = 0; r < rowLabels.size(); r++) {
            p.append('\n').append(pad(rowLabels.get(r), first, false));
            for (int c = 0; c < widths.length; c++) {
                p.append("  ").append(pad(cells[r][c], widths[c], true));
            }
        }
        return p.append('\n').toString();
    }

    private static String pad(String text, int width, boolean right) {
        String space = " ".repeat(Math.max(0, width - text.length()));
        return right ? space + text : text + space;
    }
}
