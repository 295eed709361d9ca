package cuaderno.magic;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds magics in a cell. A cell magic is a first line {@code %%name args} and owns the rest of the cell. A line
 * magic is a line whose first non-blank character is {@code %} followed by a name; no Java statement starts that
 * way. The Java code between line magics keeps its line numbers (other lines are blanked), so errors point at the
 * right cell line.
 */
public final class MagicSyntax {

    private static final Pattern LINE_MAGIC = Pattern.compile("^\\s*%(?<name>[A-Za-z_][\\w.-]*)(?<args>.*)$");
    private static final Pattern CELL_MAGIC = Pattern.compile("^\\s*%%(?<name>[A-Za-z_][\\w.-]*)(?<args>[^\\n]*)(\\n|$)");

    /** One step of a cell: Java code, or a line magic. */
    public sealed interface Part permits Code, LineMagic {
    }

    /** Java code, padded with blank lines so that its line numbers are the cell's. */
    public record Code(String code) implements Part {
    }

    public record LineMagic(String name, List<String> args) implements Part {
    }

    public record CellMagic(String name, List<String> args, String body) {
    }

    private MagicSyntax() {
    }

    /** The cell magic that owns this cell, or null. */
    public static CellMagic cellMagic(String cell) {
        Matcher m = CELL_MAGIC.matcher(cell);
        if (!m.find()) {
            return null;
        }
        return new CellMagic(m.group("name"), splitArgs(m.group("args")), cell.substring(m.end()));
    }

    /** The cell cut into code and line magics, in order. */
    public static List<Part> parts(String cell) {
        List<Part> parts = new ArrayList<>();
        String[] lines = cell.split("\n", -1);
        int chunkStart = 0; // first line of the code chunk being collected
        for (int i = 0; i <= lines.length; i++) {
            Matcher magic = i < lines.length ? LINE_MAGIC.matcher(lines[i]) : null;
            boolean isMagic = magic != null && magic.matches();
            if (isMagic || i == lines.length) {
                addCode(parts, lines, chunkStart, i);
                chunkStart = i + 1;
            }
            if (isMagic) {
                parts.add(new LineMagic(magic.group("name"), splitArgs(magic.group("args"))));
            }
        }
        return parts;
    }

    /** Lines [from, to) as code, preceded by blank lines so that line numbers stay the cell's. */
    private static void addCode(List<Part> parts, String[] lines, int from, int to) {
        StringBuilder code = new StringBuilder("\n".repeat(from));
        boolean blank = true;
        for (int i = from; i < to; i++) {
            code.append(lines[i]);
            if (i < to - 1) {
                code.append('\n');
            }
            blank &= lines[i].isBlank();
        }
        if (!blank) {
            parts.add(new Code(code.toString()));
        }
    }

    /** Arguments separated by blanks; double quotes group, backslash escapes. */
    static List<String> splitArgs(String raw) {
        List<String> args = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length()) {
                current.append(raw.charAt(++i));
                any = true;
            } else if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) {
                    args.add(current.toString());
                    current.setLength(0);
                    any = false;
                }
            } else {
                current.append(c);
                any = true;
            }
        }
        if (any) {
            args.add(current.toString());
        }
        return args;
    }
}
