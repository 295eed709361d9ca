package cuaderno.table;

import cuaderno.display.MimeBundle;
import tech.tablesaw.api.Table;

/**
 * How Tablesaw tables show in a notebook: like a pandas DataFrame (row numbers, right-aligned numbers, a column's
 * numbers with the same decimals), as booktabs LaTeX and Markdown for PDF export, and as aligned text. Tables
 * longer than {@link #maxRows()} show their first and last rows and say how many are hidden; {@code Tables.all(t)}
 * shows every row, and {@link #view} offers the other choices (no row numbers, fixed decimals).
 */
public final class Tables {

    private static volatile int maxRows = 60;

    private Tables() {
    }

    /** Tables with more rows than this are cut to their first and last 5 rows (pandas' {@code display.max_rows}). */
    public static int maxRows() {
        return maxRows;
    }

    public static void maxRows(int rows) {
        if (rows < 10) {
            throw new IllegalArgumentException("maxRows must be at least 10, not " + rows);
        }
        maxRows = rows;
    }

    /** The table with every row shown, however long: end a cell with {@code Tables.all(table)}. */
    public static TableView all(Table table) {
        return view(table).allRows();
    }

    /**
     * The table with choices about how it shows: {@code Tables.view(t).rowNumbers(false).decimals(4)} (see
     * {@link TableView}).
     */
    public static TableView view(Table table) {
        return new TableView(table);
    }

    /** The table as a MIME bundle: text/html, text/latex, text/markdown and text/plain. */
    public static MimeBundle bundle(Table table) {
        return view(table).toMimeBundle();
    }
}
