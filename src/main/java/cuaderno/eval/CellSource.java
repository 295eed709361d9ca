package cuaderno.eval;

import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;

import java.util.ArrayList;
import java.util.List;

/** A cell's code cut into the snippets JShell evaluates one by one, each with its offset in the cell. */
final class CellSource {

    /** One snippet: the text JShell gets and where it starts in the cell. */
    record Piece(String source, int start) {

        /** Offset of the first non-blank character: JShell counts stack-trace lines from there. */
        int codeStart() {
            return start + source.length() - source.stripLeading().length();
        }
    }

    private final String code;
    private final List<Piece> pieces;

    private CellSource(String code, List<Piece> pieces) {
        this.code = code;
        this.pieces = pieces;
    }

    static CellSource split(String code, SourceCodeAnalysis analysis) {
        List<Piece> pieces = new ArrayList<>();
        int consumed = 0;
        while (consumed < code.length()) {
            String rest = code.substring(consumed);
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            if (info.completeness() == Completeness.EMPTY) {
                break;
            }
            String source = info.source() != null ? info.source() : rest;
            if (info.completeness() == Completeness.DEFINITELY_INCOMPLETE
                    || info.completeness() == Completeness.CONSIDERED_INCOMPLETE
                    || info.completeness() == Completeness.UNKNOWN) {
                source = rest; // let JShell compile what is left and say what is wrong with it
            }
            int end = info.remaining() == null || source == rest ? code.length() : code.length() - info.remaining().length();
            pieces.add(new Piece(source, locate(code, source, consumed)));
            if (end <= consumed) {
                break;
            }
            consumed = end;
        }
        return new CellSource(code, pieces);
    }

    /** Where {@code source} (maybe with a semicolon JShell added) starts in the cell, searching from {@code from}. */
    private static int locate(String code, String source, int from) {
        String probe = source.strip();
        if (probe.endsWith(";")) {
            probe = probe.substring(0, probe.length() - 1);
        }
        probe = probe.lines().findFirst().orElse("").strip();
        int at = probe.isEmpty() ? -1 : code.indexOf(probe, from);
        if (at >= 0) {
            // JShell's positions count from the snippet's first character, leading whitespace included
            int leading = source.length() - source.stripLeading().length();
            return Math.max(from, at - leading);
        }
        int i = from;
        while (i < code.length() && Character.isWhitespace(code.charAt(i))) {
            i++;
        }
        return i;
    }

    List<Piece> pieces() {
        return pieces;
    }

    /** 0-based line of a character offset in the cell. */
    int lineOf(int offset) {
        int line = 0;
        for (int i = 0; i < offset && i < code.length(); i++) {
            if (code.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** The text of a 0-based line of the cell. */
    String line(int line) {
        return code.lines().skip(line).findFirst().orElse("");
    }

    /** 0-based column of a character offset in the cell. */
    int columnOf(int offset) {
        int lineStart = code.lastIndexOf('\n', Math.max(0, Math.min(offset, code.length()) - 1)) + 1;
        return offset - lineStart;
    }
}
