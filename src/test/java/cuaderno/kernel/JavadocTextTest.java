package cuaderno.kernel;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JavadocTextTest {

    @Test
    void firstParagraphEndsAtABlankLineOrABlockElement() {
        assertEquals("Returns a formatted string using the specified format string and arguments.",
                JavadocText.firstParagraph(" Returns a formatted string using the specified format string and\n"
                        + " arguments.\n\n <p> The locale always used is the one returned by {@link\n"
                        + " java.util.Locale#getDefault(java.util.Locale.Category)\n"));
        assertEquals("A stack of layers:",
                JavadocText.firstParagraph("A stack of layers:\n<pre>new Sequential(...)</pre>"));
        assertEquals("Leading paragraph tags are not an end.", JavadocText.firstParagraph("<p>Leading paragraph tags "
                + "are not an end.<p>This is."));
    }

    @Test
    void blockTagsAreLeftOut() {
        assertEquals("Adds one.", JavadocText.firstParagraph("Adds one.\n @param x a number\n @return x + 1"));
        assertEquals("", JavadocText.firstParagraph("@deprecated use something else"));
    }

    @Test
    void inlineTagsAreWrittenOut() {
        assertEquals("Returns the absolute value of an int value.",
                JavadocText.firstParagraph("Returns the absolute value of an {@code int} value."));
        assertEquals("Same as Math.abs(int), or abs, or Locale, or max(int, int), or Integer.MAX_VALUE.",
                JavadocText.firstParagraph("Same as {@link Math#abs(int)}, or {@linkplain Math#abs(int) abs}, or "
                        + "{@link java.util.Locale}, or {@link #max(int, int)}, or {@value Integer#MAX_VALUE}.")
                        .replace('\n', ' ')); // longer than a line
        assertEquals("A Map<String, List<T>> and a {brace} kept as written; see also.",
                JavadocText.firstParagraph("A {@code Map<String, List<T>>} and a {@literal {brace}} kept as "
                        + "written{@inheritDoc}; see {@docRoot}also."));
    }

    @Test
    void htmlIsDroppedAndEntitiesDecoded() {
        assertEquals("x < y & \"bold\" \u00e9 \u2026 ok",
                JavadocText.firstParagraph("<i>x</i> &lt; y &amp; &quot;<b>bold</b>&quot; &#233; &#x2026; "
                        + "<a href=\"#ok\">ok</a>"));
        assertEquals("&unknown; &#99999999999;", JavadocText.firstParagraph("&unknown; &#99999999999;"));
    }

    @Test
    void longTextIsWrapped() {
        String text = JavadocText.firstParagraph("word ".repeat(60));
        for (String line : text.split("\n")) {
            assertEquals(true, line.length() <= JavadocText.WIDTH, line);
        }
        assertEquals(60, text.split("\\s+").length);
    }
}
