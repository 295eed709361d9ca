package cuaderno.table;

import cuaderno.display.Displayable;
import cuaderno.display.MimeBundle;
import tech.tablesaw.api.Table;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A table with choices about how it shows, built like Tablesaw's own calls:
 * <pre>{@code
 * Tables.view(history.table()).rowNumbers(false).decimals(4)    // as Keras prints: loss 0.2903, no index
 * Tables.view(results).decimals("test_accuracy", 2).allRows()
 * }</pre>
 * End a cell with it, or {@code display(...)} it; the table itself is not changed.
 */
public final class TableView implements Displayable {

    private final Table table;
    private int maxRows = Tables.maxRows();
    private boolean rowNumbers = true;
    private Integer decimals;
    private final Map<String, Integer> columnDecimals = new LinkedHashMap<>();

    TableView(Table table) {
        this.table = table;
    }

    /** Every row, however long (otherwise more than {@link Tables#maxRows()} show their first and last five). */
    public TableView allRows() {
        maxRows = Integer.MAX_VALUE;
        return this;
    }

    /**
     * Shows or hides the row numbers on the left (pandas' index, counted from 0): a table with its own counter,
     * such as an epoch column, reads better without them.
     */
    public TableView rowNumbers(boolean show) {
        rowNumbers = show;
        return this;
    }

    /** Every decimal column with exactly this many decimals (otherwise: as few as show each column exactly). */
    public TableView decimals(int digits) {
        decimals = checked(digits);
        return this;
    }

    /** One column with exactly this many decimals. */
    public TableView decimals(String column, int digits) {
        if (!table.columnNames().contains(column)) {
            throw new IllegalArgumentException("this table has no column '" + column + "'; its columns are "
                    + table.columnNames());
        }
        columnDecimals.put(column, checked(digits));
        return this;
    }

    private static int checked(int digits) {
        if (digits < 0 || digits > 15) {
            throw new IllegalArgumentException("decimals must be between 0 and 15, not " + digits);
        }
        return digits;
    }

    public Table table() {
        return table;
    }

    @Override
    public MimeBundle toMimeBundle() {
        return new TableFormat(table, new TableFormat.Options(maxRows, rowNumbers, decimals, Map.copyOf(columnDecimals))).bundle();
    }

    @Override
    public String toString() {
        return (String) toMimeBundle().data().get("text/plain");
    }
}
