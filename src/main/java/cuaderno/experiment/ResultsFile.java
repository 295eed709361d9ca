package cuaderno.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An experiment's finished runs in a CSV file, one line each, appended as each run ends, so that nothing is lost when
 * the kernel restarts or the cell is stopped. The columns are the experiment's settings (axes and fixed settings),
 * then {@link #RUN_COLUMNS}. A file written by an experiment with other settings is refused, never mixed in.
 */
final class ResultsFile {

    static final List<String> RUN_COLUMNS = List.of("result", "seconds", "memory_mb", "status", "reason",
            "time_budget_s", "memory_budget_mb");

    /** One run read back: its settings as written, what it gave and the budgets it ran under (NaN: none). */
    record Row(List<String> key, double result, double seconds, double memoryMb, Status status, String reason,
               double timeBudgetSeconds, double memoryBudgetMb) {
    }

    private final Path path;
    private final List<String> settings;
    /** Runs by their settings' text in the experiment's order; a later line for the same settings wins. */
    private final Map<List<String>, Row> rows = new LinkedHashMap<>();
    private int unreadable;
    private boolean endsMidLine;

    private ResultsFile(Path path, List<String> settings) {
        this.path = path;
        this.settings = List.copyOf(settings);
    }

    /** Opens {@code path} for an experiment with these settings, reading the runs it already holds. */
    static ResultsFile open(Path path, List<String> settings) {
        ResultsFile file = new ResultsFile(path, settings);
        if (Files.exists(path)) {
            file.read();
        }
        return file;
    }

    private void read() {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the results file " + path + ": " + e.getMessage(), e);
        }
        if (text.isEmpty()) {
            return;
        }
        endsMidLine = !text.endsWith("\n");
        List<String> lines = text.lines().toList();
        List<String> header = parse(lines.get(0));
        int[] positions = positions(header);
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            List<String> fields = parse(line);
            Row row = fields.size() == header.size() ? row(fields, positions) : null;
            if (row == null) {
                unreadable++; // a line cut short when the kernel died mid-write, or edited by hand
            } else {
                rows.put(row.key(), row);
            }
        }
    }

    /** Where each setting and run column is in the file's header; refuses a header of another experiment. */
    private int[] positions(List<String> header) {
        if (!header.containsAll(RUN_COLUMNS)) {
            throw new IllegalStateException(path + " is not an experiment's results file (its first line is \""
                    + String.join(",", header) + "\"). Give the experiment another file name with .results(...).");
        }
        List<String> theirs = new ArrayList<>(header);
        theirs.removeAll(RUN_COLUMNS);
        if (!new HashSet<>(theirs).equals(new HashSet<>(settings))) {
            throw new IllegalStateException(path + " holds the runs of another experiment, with settings "
                    + String.join(", ", theirs) + "; this one has " + String.join(", ", settings)
                    + ". Its results would not match, so they are not used: give this experiment another file with "
                    + ".results(\"...\"), or delete " + path.getFileName() + " to start over.");
        }
        List<String> wanted = new ArrayList<>(settings);
        wanted.addAll(RUN_COLUMNS);
        return wanted.stream().mapToInt(header::indexOf).toArray();
    }

    private Row row(List<String> fields, int[] positions) {
        int n = settings.size();
        List<String> key = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            key.add(fields.get(positions[i]));
        }
        Status status = Status.ofCode(fields.get(positions[n + 3]));
        try {
            double seconds = Double.parseDouble(fields.get(positions[n + 1]));
            return status == null ? null : new Row(key, number(fields.get(positions[n])), seconds,
                    number(fields.get(positions[n + 2])), status, fields.get(positions[n + 4]),
                    number(fields.get(positions[n + 5])), number(fields.get(positions[n + 6])));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The run recorded for these settings (their text, in the experiment's order), or null. */
    Row find(List<String> key) {
        return rows.get(key);
    }

    /** How many recorded runs have settings outside {@code keys} (another range of values). */
    int outside(Set<List<String>> keys) {
        return (int) rows.keySet().stream().filter(k -> !keys.contains(k)).count();
    }

    /** Lines that could not be read (cut short, or edited into another shape). */
    int unreadable() {
        return unreadable;
    }

    Path path() {
        return path;
    }

    /** Appends one run as one line (the header first, for a new file). */
    void append(List<String> key, Run run, double timeBudgetSeconds, double memoryBudgetMb) {
        StringBuilder out = new StringBuilder();
        try {
            if (!Files.exists(path) || Files.size(path) == 0) {
                List<String> header = new ArrayList<>(settings);
                header.addAll(RUN_COLUMNS);
                out.append(line(header));
                if (path.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(path.toAbsolutePath().getParent());
                }
            } else if (endsMidLine) {
                out.append('\n');
            }
            endsMidLine = false;
            List<String> fields = new ArrayList<>(key);
            fields.add(Double.isNaN(run.result()) ? "" : String.valueOf(run.result()));
            fields.add(String.format(Locale.ROOT, "%.3f", run.seconds()));
            fields.add(Double.isNaN(run.memoryMb()) ? "" : String.format(Locale.ROOT, "%.0f", run.memoryMb()));
            fields.add(run.status().code());
            fields.add(run.reason().replace('\n', ' ').replace('\r', ' '));
            fields.add(Double.isNaN(timeBudgetSeconds) ? "" : String.valueOf(timeBudgetSeconds));
            fields.add(Double.isNaN(memoryBudgetMb) ? "" : String.valueOf(memoryBudgetMb));
            out.append(line(fields));
            // one write of whole lines: a kill mid-write leaves at most one unreadable line, which read() skips;
            // a plain FileOutputStream, because an interrupt (■) would close an NIO channel under the write
            try (var stream = new java.io.FileOutputStream(path.toFile(), true)) {
                stream.write(out.toString().getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not save the run to " + path + ": " + e.getMessage(), e);
        }
        rows.put(List.copyOf(key), new Row(List.copyOf(key), run.result(), run.seconds(), run.memoryMb(), run.status(),
                run.reason(), timeBudgetSeconds, memoryBudgetMb));
    }

    private static double number(String text) {
        return text.isEmpty() ? Double.NaN : Double.parseDouble(text);
    }

    private static String line(List<String> fields) {
        StringBuilder out = new StringBuilder();
        for (String field : fields) {
            if (out.length() > 0) {
                out.append(',');
            }
            boolean quote = field.contains(",") || field.contains("\"") || !field.equals(field.strip());
            out.append(quote ? '"' + field.replace("\"", "\"\"") + '"' : field);
        }
        return out.append('\n').toString();
    }

    /** One CSV line's fields (RFC 4180 quoting; a line never holds a line break). */
    static List<String> parse(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
