package cuaderno.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The first paragraph of a Javadoc comment as plain text for a tooltip: inline tags written out
 * ({@code {@code x}} as {@code x}, {@code {@link Math#abs(int) abs}} as {@code abs}), HTML tags dropped, entities
 * decoded, block tags ({@code @param}...) left out, wrapped at {@value #WIDTH} columns.
 */
final class JavadocText {

    /** NumPy's docstring width: Jupyter Notebook's tooltip holds 81 columns and breaks longer lines mid-word. */
    static final int WIDTH = 75;

    private static final Pattern BLOCK_TAG = Pattern.compile("(?m)^\\s*@\\w");
    private static final Pattern PARAGRAPH_END = Pattern.compile(
            "\\n\\s*\\n|<(?i:p|pre|ul|ol|dl|table|blockquote|h[1-6])\\b[^>]*>");
    private static final Pattern HTML_TAG = Pattern.compile("<[^>]*>");
    private static final Pattern ENTITY = Pattern.compile("&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);");
    private static final Map<String, String> ENTITIES = Map.of(
            "lt", "<", "gt", ">", "amp", "&", "quot", "\"", "apos", "'", "nbsp", " ", "mdash", "\u2014",
            "ndash", "\u2013", "hellip", "\u2026");

    private JavadocText() {
    }

    /** The first paragraph of {@code javadoc} (a comment's text, without the stars), or "" if it has none. */
    static String firstParagraph(String javadoc) {
        String text = javadoc;
        Matcher block = BLOCK_TAG.matcher(text);
        if (block.find()) {
            text = text.substring(0, block.start());
        }
        text = text.strip();
        Matcher end = PARAGRAPH_END.matcher(text);
        while (end.find()) {
            if (!text.substring(0, end.start()).isBlank()) {
                text = text.substring(0, end.start());
                break;
            }
        }
        return wrap(plain(text).replaceAll("\\s+", " ").strip());
    }

    /** Writes out inline tags and drops HTML, outside inline tags only ({@code {@code List<T>}} keeps its brackets). */
    private static String plain(String text) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int tag = text.indexOf("{@", i);
            if (tag < 0) {
                out.append(html(text.substring(i)));
                break;
            }
            out.append(html(text.substring(i, tag)));
            int close = closingBrace(text, tag);
            out.append(inlineTag(text.substring(tag + 2, close)));
            i = Math.min(text.length(), close + 1);
        }
        return out.toString();
    }

    /** The index of the brace that closes the inline tag opening at {@code open} (nested braces count). */
    private static int closingBrace(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return text.length();
    }

    /** The text an inline tag stands for; {@code body} is what follows "{@" up to the closing brace. */
    private static String inlineTag(String body) {
        String[] parts = body.split("\\s+", 2);
        String name = parts[0];
        String rest = parts.length > 1 ? parts[1].strip() : "";
        return switch (name) {
            case "code", "literal" -> rest;
            case "link", "linkplain" -> {
                String[] target = rest.split("\\s+(?![^(]*\\))", 2); // a reference may hold spaces inside (...)
                yield target.length > 1 ? html(target[1]) : reference(target[0]);
            }
            case "value" -> reference(rest);
            case "index" -> rest.split("\\s+", 2)[0];
            case "inheritDoc", "docRoot" -> "";
            default -> html(rest); // summary, systemProperty, and tags of other tools
        };
    }

    /** {@code java.util.Locale#getDefault()} as {@code Locale.getDefault()}; {@code #abs(int)} as {@code abs(int)}. */
    private static String reference(String ref) {
        int hash = ref.indexOf('#');
        String type = hash < 0 ? ref : ref.substring(0, hash);
        String member = hash < 0 ? "" : ref.substring(hash + 1);
        String simpleType = type.substring(type.lastIndexOf('.') + 1);
        if (member.isEmpty()) {
            return simpleType;
        }
        return simpleType.isEmpty() ? member : simpleType + "." + member;
    }

    private static String html(String text) {
        return decode(HTML_TAG.matcher(text).replaceAll(""));
    }

    private static String decode(String text) {
        Matcher m = ENTITY.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = m.group();
            try {
                if (name.startsWith("#x")) {
                    value = Character.toString(Integer.parseInt(name.substring(2), 16));
                } else if (name.startsWith("#")) {
                    value = Character.toString(Integer.parseInt(name.substring(1)));
                } else {
                    value = ENTITIES.getOrDefault(name, value);
                }
            } catch (IllegalArgumentException notACharacter) {
                // keep the entity as written
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String wrap(String text) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > WIDTH) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return String.join("\n", lines);
    }
}
