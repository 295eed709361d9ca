package cuaderno.kernel;

import cuaderno.display.Displayable;
import cuaderno.display.Escape;
import cuaderno.display.MimeBundle;
import cuaderno.eval.ProcessMemory;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How much memory the kernel holds and which variables hold it: what {@code %memory} shows, and what the memory
 * note lists. Figures are taken when the report is made; variables' sizes are estimates ({@link HeldMemory}).
 */
final class MemoryReport implements Displayable {

    private static final long MB = 1024 * 1024;
    private static final int LISTED = 10;

    /** One variable and about what it holds. */
    record Variable(String name, String type, long heap, long nativeBytes) {
        long total() {
            return heap + nativeBytes;
        }
    }

    private final long resident;
    private final long limit;
    private final long heapUsed;
    private final long heapCommitted;
    private final long heapMax;
    private final List<Variable> variables;
    private final long variablesTotal;

    private MemoryReport(long resident, long limit, MemoryUsage heap, List<Variable> variables, long variablesTotal) {
        this.resident = resident;
        this.limit = limit;
        this.heapUsed = heap.getUsed();
        this.heapCommitted = heap.getCommitted();
        this.heapMax = heap.getMax();
        this.variables = variables;
        this.variablesTotal = variablesTotal;
    }

    /** The kernel's memory now, with the session's variables, largest first. */
    static MemoryReport of(Map<String, Object> sessionVariables) {
        HeldMemory held = new HeldMemory();
        List<Variable> variables = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, Object> variable : sessionVariables.entrySet()) {
            if (isEmptyTemporary(variable.getKey(), variable.getValue())) {
                continue;
            }
            HeldMemory.Size size = held.measure(variable.getValue());
            total += size.total();
            variables.add(new Variable(variable.getKey(), describe(variable.getValue()), size.heap(), size.nativeBytes()));
        }
        variables.sort(Comparator.comparingLong(Variable::total).reversed());
        return new MemoryReport(ProcessMemory.resident(), ProcessMemory.limit(),
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage(), variables, total);
    }

    /**
     * JShell's {@code $4} left null by a cell that failed: a name the student never wrote, holding nothing. A
     * temporary that holds a value ({@code mnist.train().pixels()} alone in a cell) is listed: it keeps that alive.
     */
    private static boolean isEmptyTemporary(String name, Object value) {
        return value == null && name.matches("\\$\\d+");
    }

    long resident() {
        return resident;
    }

    long limit() {
        return limit;
    }

    List<Variable> variables() {
        return variables;
    }

    /** The largest variables as "x_train (179 MB), model (1.2 MB)", for a one-line note. */
    String largest(int count) {
        return String.join(", ", variables.stream().filter(v -> v.total() >= MB).limit(count)
                .map(v -> v.name() + " (" + megabytes(v.total()) + ")").toList());
    }

    private List<String[]> figures() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"kernel process (resident)", megabytes(resident)
                + (limit > 0 ? " of " + megabytes(limit) + " (" + percent(resident, limit) + ")" : "")});
        rows.add(new String[]{"Java heap in use", megabytes(heapUsed) + " of " + megabytes(heapMax)
                + " (" + megabytes(heapCommitted) + " reserved now)"});
        rows.add(new String[]{"native memory and the JVM", megabytes(Math.max(0, resident - heapCommitted))
                + " (ND4J arrays, libraries, compiled code)"});
        rows.add(new String[]{"held by your variables", "about " + megabytes(variablesTotal)});
        return rows;
    }

    private List<Variable> listed() {
        return variables.stream().limit(LISTED).toList();
    }

    private static final String HINT = "To free memory, set a variable you no longer need to null (x = null;): the "
            + "kernel hands the memory back within seconds. Restarting the kernel frees everything.";

    private String text() {
        StringBuilder out = new StringBuilder();
        for (String[] row : figures()) {
            out.append(String.format(Locale.ROOT, "%-27s %s%n", row[0], row[1]));
        }
        if (!variables.isEmpty()) {
            int nameWidth = Math.max(8, listed().stream().mapToInt(v -> v.name().length()).max().orElse(8));
            int typeWidth = Math.max(4, listed().stream().mapToInt(v -> v.type().length()).max().orElse(4));
            out.append(String.format(Locale.ROOT, "%nLargest variables:%n"));
            for (Variable v : listed()) {
                out.append(String.format(Locale.ROOT, "  %-" + nameWidth + "s  %-" + typeWidth + "s  %10s  %s%n",
                        v.name(), v.type(), megabytes(v.total()), where(v)));
            }
            if (variables.size() > LISTED) {
                out.append(String.format(Locale.ROOT, "  ... and %d smaller%n", variables.size() - LISTED));
            }
        }
        return out.append(String.format(Locale.ROOT, "%n%s", HINT)).toString();
    }

    private String html() {
        StringBuilder out = new StringBuilder("<table><tbody>");
        for (String[] row : figures()) {
            out.append("<tr><th style=\"text-align:left\">").append(Escape.html(row[0])).append("</th><td style=\"text-align:left\">")
                    .append(Escape.html(row[1])).append("</td></tr>");
        }
        out.append("</tbody></table>");
        if (!variables.isEmpty()) {
            out.append("<table><thead><tr><th style=\"text-align:left\">variable</th><th style=\"text-align:left\">type</th>"
                    + "<th>size</th><th style=\"text-align:left\">in</th></tr></thead><tbody>");
            for (Variable v : listed()) {
                out.append("<tr><td style=\"text-align:left\"><code>").append(Escape.html(v.name())).append("</code></td>")
                        .append("<td style=\"text-align:left\">").append(Escape.html(v.type())).append("</td>")
                        .append("<td style=\"text-align:right\">").append(megabytes(v.total())).append("</td>")
                        .append("<td style=\"text-align:left\">").append(where(v)).append("</td></tr>");
            }
            out.append("</tbody></table>");
        }
        return out.append("<p>").append(Escape.html(HINT)).append("</p>").toString();
    }

    @Override
    public MimeBundle toMimeBundle() {
        return MimeBundle.text(text()).html(html());
    }

    @Override
    public String toString() {
        return text();
    }

    private static String where(Variable v) {
        if (v.nativeBytes() > 0 && v.heap() >= MB) {
            return "native + heap";
        }
        return v.nativeBytes() > 0 ? "native" : "heap";
    }

    static String megabytes(long bytes) {
        if (bytes >= 10L * 1024 * MB) {
            return String.format(Locale.ROOT, "%.0f GB", bytes / (1024.0 * MB));
        }
        if (bytes >= 1024 * MB) {
            return String.format(Locale.ROOT, "%.1f GB", bytes / (1024.0 * MB));
        }
        if (bytes >= 10 * MB) {
            return String.format(Locale.ROOT, "%,d MB", Math.round(bytes / (double) MB));
        }
        if (bytes >= MB / 10) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (double) MB);
        }
        return String.format(Locale.ROOT, "%d KB", Math.max(bytes > 0 ? 1 : 0, Math.round(bytes / 1024.0)));
    }

    private static String percent(long part, long whole) {
        return String.format(Locale.ROOT, "%.0f %%", 100.0 * part / whole);
    }

    /** A value's type as a student wrote it: INDArray float [60000, 784], double[1000], ArrayList (3 items). */
    static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof org.nd4j.linalg.api.ndarray.INDArray array) {
            try {
                return "INDArray " + array.dataType().name().toLowerCase(Locale.ROOT) + " " + java.util.Arrays.toString(array.shape());
            } catch (RuntimeException closed) {
                return "INDArray";
            }
        }
        if (value instanceof cuaderno.nn.Sequential model) {
            try {
                return String.format(Locale.ROOT, "Sequential (%,d parameters)", model.countParams());
            } catch (RuntimeException notBuiltYet) {
                return "Sequential";
            }
        }
        if (value instanceof cuaderno.data.Digits digits) {
            return String.format(Locale.ROOT, "Digits (%,d)", digits.size());
        }
        if (value instanceof cuaderno.data.Mnist mnist) {
            return String.format(Locale.ROOT, "Mnist (%,d + %,d digits)", mnist.train().size(), mnist.test().size());
        }
        Class<?> type = value.getClass();
        if (type.isArray()) {
            String dims = "[" + java.lang.reflect.Array.getLength(value) + "]";
            Class<?> component = type.getComponentType();
            for (; component.isArray(); component = component.getComponentType()) {
                dims += "[]";
            }
            return component.getSimpleName() + dims;
        }
        String name = type.isAnonymousClass() || type.isHidden() ? type.getName() : type.getSimpleName();
        if (value instanceof java.util.Collection<?> c) {
            return name + " (" + c.size() + (c.size() == 1 ? " item)" : " items)");
        }
        if (value instanceof Map<?, ?> m) {
            return name + " (" + m.size() + (m.size() == 1 ? " entry)" : " entries)");
        }
        return name;
    }
}
