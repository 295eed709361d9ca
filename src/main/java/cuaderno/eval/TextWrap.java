package cuaderno.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Breaks long lines of error text between words, as NumPy and Python's textwrap do, instead of leaving them to the
 * browser, which breaks a long line anywhere, in the middle of a word or a number.
 */
final class TextWrap {

    /** Columns per line: what a notebook shows without scrolling, and a little more than NumPy's 75. */
    static final int WIDTH = 100;
    private static final Pattern ANSI = Pattern.compile("\u001b\\[[;\\d]*m");

    private TextWrap() {
    }

    /** The lines, each longer one broken at spaces into lines of at most {@link #WIDTH} visible columns. */
    static List<String> wrap(List<String> lines) {
        List<String> out = new ArrayList<>(lines.size());
        for (String line : lines) {
            out.addAll(wrap(line, WIDTH));
        }
        return out;
    }

    /**
     * One line broken at spaces into pieces of at most {@code width} visible columns (colour codes take none). A
     * word longer than that stays whole on its own line; the line's indentation stays on its first piece.
     */
    static List<String> wrap(String line, int width) {
        if (visible(line) <= width) {
            return List.of(line);
        }
        String body = line.stripLeading();
        StringBuilder current = new StringBuilder(line.substring(0, line.length() - body.length()));
        int currentWidth = current.length();
        boolean empty = true;
        List<String> pieces = new ArrayList<>();
        for (String word : body.split(" ")) {
            int wordWidth = visible(word);
            if (!empty && currentWidth + 1 + wordWidth > width) {
                pieces.add(current.toString());
                current.setLength(0);
                currentWidth = 0;
                empty = true;
            }
            if (!empty) {
                current.append(' ');
                currentWidth++;
            }
            current.append(word);
            currentWidth += wordWidth;
            empty = false;
        }
        pieces.add(current.toString());
        return pieces;
    }

    private static int visible(String text) {
        return text.indexOf('\u001b') < 0 ? text.length() : ANSI.matcher(text).replaceAll("").length();
    }
}
