package cuaderno.display;

/** Text made safe to put inside HTML, LaTeX or Markdown. */
public final class Escape {

    private Escape() {
    }

    public static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    public static String latex(String text) {
        StringBuilder out = new StringBuilder();
        for (char ch : text.toCharArray()) {
            switch (ch) {
                case '\\' -> out.append("\\textbackslash{}");
                case '&', '%', '$', '#', '_', '{', '}' -> out.append('\\').append(ch);
                case '~' -> out.append("\\textasciitilde{}");
                case '^' -> out.append("\\textasciicircum{}");
                case '…' -> out.append("\\dots{}");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }

    /** For a Markdown table cell: pipes and backslashes escaped, one line. */
    public static String markdownCell(String text) {
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ");
    }
}
