package cuaderno.homework;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * nbgrader's region markers, matched as nbgrader matches them: the text anywhere in a line, and the whole line is
 * replaced (so markers belong on lines of their own: {@code // BEGIN SOLUTION}). A cell's source is cut into lines
 * on "\n" exactly as nbgrader's {@code source.split("\n")}.
 */
final class Markers {

    static final String BEGIN_SOLUTION = "BEGIN SOLUTION";
    static final String END_SOLUTION = "END SOLUTION";
    static final String BEGIN_HIDDEN_TESTS = "BEGIN HIDDEN TESTS";
    static final String END_HIDDEN_TESTS = "END HIDDEN TESTS";

    private Markers() {
    }

    /** A marked region: the 0-based lines of its begin and end markers. */
    record Region(int beginLine, int endLine) {
    }

    static List<String> lines(String source) {
        return List.of(source.split("\n", -1));
    }

    /** The regions between {@code begin} and {@code end} markers; a nested or unclosed region is an error. */
    static List<Region> find(String source, String begin, String end, String where) {
        List<Region> regions = new ArrayList<>();
        List<String> lines = lines(source);
        int open = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.contains(begin)) {
                if (open >= 0) {
                    throw new HomeworkError(where + ", line " + (i + 1) + ": '" + begin + "' inside another region "
                            + "(opened on line " + (open + 1) + "): close it with '" + end + "' first");
                }
                open = i;
            } else if (line.contains(end) && open >= 0) {
                regions.add(new Region(open, i));
                open = -1;
            }
        }
        if (open >= 0) {
            throw new HomeworkError(where + ", line " + (open + 1) + ": '" + begin + "' has no '" + end + "' after it");
        }
        return regions;
    }

    /**
     * The source with each region replaced: nbgrader's loop, where the begin line gives way to {@code replacement}
     * (already indented), the lines up to the end marker are dropped, and a stray end marker is dropped too.
     */
    static String replace(String source, String begin, String end, String where, Function<Region, List<String>> replacement) {
        List<String> lines = lines(source);
        List<Region> regions = find(source, begin, end, where);
        List<String> out = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (next < regions.size() && regions.get(next).beginLine() == i) {
                Region region = regions.get(next++);
                out.addAll(replacement.apply(region));
                i = region.endLine();
            } else if (!lines.get(i).contains(end)) {
                out.add(lines.get(i));
            }
        }
        return String.join("\n", out);
    }

    /** nbgrader's ClearHiddenTests: the regions go, markers and all. */
    static String removeHiddenTests(String source, String where) {
        return replace(source, BEGIN_HIDDEN_TESTS, END_HIDDEN_TESTS, where, region -> List.of());
    }

    static boolean hasHiddenTests(String source) {
        return source.contains(BEGIN_HIDDEN_TESTS);
    }

    static boolean hasSolution(String source) {
        return source.contains(BEGIN_SOLUTION);
    }

    /** The leading whitespace of a line, which a stub keeps. */
    static String indent(String line) {
        int i = 0;
        while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        return line.substring(0, i);
    }
}
