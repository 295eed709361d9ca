package cuaderno.table;

import cuaderno.display.Escape;
import cuaderno.display.MimeBundle;
import tech.tablesaw.api.NumberColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One table rendered four ways with the same cells, the same truncation and the same number formatting. */
final class TableFormat {

    private static final int EDGE_ROWS = 5;

    /**
     * How to show a table: at most {@code maxRows} rows, with or without the row numbers (pandas' index), and decimal
     * columns with a fixed number of decimals (by column name, else {@code decimals}; null: as few as show every
     * value exactly).
     */
    record Options(int maxRows, boolean rowNumbers, Integer decimals, Map<String, Integer> columnDecimals) {
    }

    private final Table table;
    private final boolean index;
    private final List<String> names;
    private final List<Boolean> numeric = new ArrayList<>();
    /** Row numbers shown, in order; -1 marks the "… N more rows" gap. */
    private final List<Integer> shown = new ArrayList<>();
    /** cells.get(c).get(i) is the text of column c at shown row i (the gap row has none). */
    private final List<List<String>> cells = new ArrayList<>();
    private final int hidden;

    TableFormat(Table table, Options options) {
        this.table = table;
        this.names = table.columnNames();
        this.index = options.rowNumbers();
        int maxRows = options.maxRows();
        int rows = table.rowCount();
        if (rows > maxRows) {
            for (int r = 0; r < EDGE_ROWS; r++) {
                shown.add(r);
            }
            shown.add(-1);
            for (int r = rows - EDGE_ROWS; r < rows; r++) {
                shown.add(r);
            }
            hidden = rows - 2 * EDGE_ROWS;
        } else {
            for (int r = 0; r < rows; r++) {
                shown.add(r);
            }
            hidden = 0;
        }
        for (Column<?> column : table.columns()) {
            boolean isNumber = column instanceof NumberColumn<?, ?>;
            numeric.add(isNumber);
            Integer decimals = options.columnDecimals().getOrDefault(column.name(), options.decimals());
            cells.add(isNumber ? numbers((NumberColumn<?, ?>) column, decimals) : strings(column));
        }
    }

    MimeBundle bundle() {
        return MimeBundle.text(plain()).html(html()).latex(latex()).markdown(markdown());
    }

    // ---------------------------------------------------------------- cells

    private List<String> strings(Column<?> column) {
        List<String> out = new ArrayList<>();
        for (int row : shown) {
            out.add(row < 0 ? "" : column.isMissing(row) ? "" : column.getString(row));
        }
        return out;
    }

    /**
     * Integers as they are; decimals with {@code fixed} digits, or else the fewest (1 to 6) that show every value of
     * the column exactly.
     */
    private List<String> numbers(NumberColumn<?, ?> column, Integer fixed) {
        boolean integral = column.type().name().matches("INTEGER|LONG|SHORT");
        int decimals = fixed == null ? 1 : fixed;
        boolean scientific = false;
        if (!integral && fixed == null) {
            double largest = 0;
            double smallest = Double.POSITIVE_INFINITY;
            for (int row : shown) {
                if (row < 0 || column.isMissing(row)) {
                    continue;
                }
                double v = column.getDouble(row);
                if (!Double.isFinite(v)) {
                    continue;
                }
                decimals = Math.max(decimals, decimalsNeeded(v));
                if (v != 0) {
                    largest = Math.max(largest, Math.abs(v));
                    smallest = Math.min(smallest, Math.abs(v));
                }
            }
            scientific = largest >= 1e9 || smallest < 1e-4;
        }
        List<String> out = new ArrayList<>();
        for (int row : shown) {
            if (row < 0) {
                out.add("");
            } else if (column.isMissing(row)) {
                out.add("NaN");
            } else if (integral) {
                out.add(String.valueOf((long) column.getDouble(row)));
            } else {
                double v = column.getDouble(row);
                out.add(!Double.isFinite(v) ? (Double.isNaN(v) ? "NaN" : v > 0 ? "inf" : "-inf")
                        : scientific ? String.format(Locale.ROOT, "%.6e", v)
                        : String.format(Locale.ROOT, "%." + decimals + "f", v));
            }
        }
        return out;
    }

    private static int decimalsNeeded(double v) {
        BigDecimal rounded = new BigDecimal(String.format(Locale.ROOT, "%.6f", v)).stripTrailingZeros();
        return Math.max(0, Math.min(6, rounded.scale()));
    }

    private String gapText() {
        return "… " + String.format(Locale.ROOT, "%,d", hidden) + " more rows";
    }

    private String shapeText() {
        return String.format(Locale.ROOT, "%,d rows × %,d columns", table.rowCount(), table.columnCount());
    }

    // ---------------------------------------------------------------- HTML (pandas' look)

    String html() {
        StringBuilder h = new StringBuilder();
        h.append("<div><table border=\"1\" class=\"dataframe\" style=\"border-collapse:collapse\">\n");
        h.append("<thead><tr style=\"text-align:right\">").append(index ? "<th></th>" : "");
        for (int c = 0; c < names.size(); c++) {
            h.append("<th>").append(Escape.html(names.get(c))).append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        for (int i = 0; i < shown.size(); i++) {
            int row = shown.get(i);
            if (row < 0) {
                h.append(index ? "<tr><th>…</th>" : "<tr>").append("<td colspan=\"").append(names.size())
                        .append("\" style=\"text-align:center;font-style:italic\">").append(gapText()).append("</td></tr>\n");
                continue;
            }
            h.append(index ? "<tr><th>" + row + "</th>" : "<tr>");
            for (int c = 0; c < names.size(); c++) {
                h.append("<td style=\"text-align:").append(numeric.get(c) ? "right" : "left").append("\">")
                        .append(Escape.html(cells.get(c).get(i))).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table>\n");
        if (hidden > 0) {
            h.append("<p>").append(shapeText()).append(" — <code>Tables.all(table)</code> shows every row</p>\n");
        }
        return h.append("</div>").toString();
    }

    // ---------------------------------------------------------------- LaTeX (booktabs, what nbconvert's PDF uses)

    String latex() {
        StringBuilder l = new StringBuilder("\\begin{tabular}{").append(index ? "r" : "");
        for (boolean isNumber : numeric) {
            l.append(isNumber ? 'r' : 'l');
        }
        l.append("}\n\\toprule\n").append(index ? "{} & " : "");
        l.append(String.join(" & ", names.stream().map(Escape::latex).toList()));
        l.append(" \\\\\n\\midrule\n");
        for (int i = 0; i < shown.size(); i++) {
            int row = shown.get(i);
            if (row < 0) {
                l.append(index ? "\\dots & " : "").append("\\multicolumn{").append(names.size()).append("}{c}{\\textit{")
                        .append(Escape.latex(gapText())).append("}} \\\\\n");
                continue;
            }
            List<String> line = new ArrayList<>();
            if (index) {
                line.add(String.valueOf(row));
            }
            for (List<String> column : cells) {
                line.add(Escape.latex(column.get(i)));
            }
            l.append(String.join(" & ", line)).append(" \\\\\n");
        }
        return l.append("\\bottomrule\n\\end{tabular}\n").toString();
    }

    // ---------------------------------------------------------------- Markdown and plain text

    String markdown() {
        StringBuilder m = new StringBuilder(index ? "| |" : "|");
        names.forEach(n -> m.append(' ').append(Escape.markdownCell(n)).append(" |"));
        m.append(index ? "\n|---:|" : "\n|");
        numeric.forEach(isNumber -> m.append(isNumber ? "---:|" : ":---|"));
        m.append('\n');
        for (int i = 0; i < shown.size(); i++) {
            int row = shown.get(i);
            m.append(index ? "| " + (row < 0 ? "…" : String.valueOf(row)) + " |" : "|");
            for (int c = 0; c < names.size(); c++) {
                String text = row < 0 ? (c == 0 ? gapText() : "") : cells.get(c).get(i);
                m.append(' ').append(Escape.markdownCell(text)).append(" |");
            }
            m.append('\n');
        }
        return m.toString();
    }

    String plain() {
        List<String> rowNumbers = new ArrayList<>();
        for (int row : shown) {
            rowNumbers.add(row < 0 ? "…" : String.valueOf(row));
        }
        int indexWidth = rowNumbers.stream().mapToInt(String::length).max().orElse(1);
        List<Integer> widths = new ArrayList<>();
        for (int c = 0; c < names.size(); c++) {
            int w = names.get(c).length();
            for (String cell : cells.get(c)) {
                w = Math.max(w, cell.length());
            }
            widths.add(w);
        }
        StringBuilder p = new StringBuilder();
        List<String> header = new ArrayList<>();
        if (index) {
            header.add(" ".repeat(indexWidth));
        }
        for (int c = 0; c < names.size(); c++) {
            header.add(pad(names.get(c), widths.get(c), numeric.get(c)));
        }
        p.append(String.join("  ", header)).append('\n');
        for (int i = 0; i < shown.size(); i++) {
            List<String> line = new ArrayList<>();
            if (index) {
                line.add(pad(rowNumbers.get(i), indexWidth, false));
            }
            if (shown.get(i) < 0) {
                line.add(gapText());
            } else {
                for (int c = 0; c < names.size(); c++) {
                    line.add(pad(cells.get(c).get(i), widths.get(c), numeric.get(c)));
                }
            }
            p.append(String.join("  ", line)).append('\n');
        }
        if (hidden > 0) {
            p.append('[').append(shapeText()).append(']').append('\n');
        }
        return p.toString();
    }

    private static String pad(String text, int width, boolean right) {
        String space = " ".repeat(Math.max(0, width - text.length()));
        return right ? space + text : text + space;
    }
}
