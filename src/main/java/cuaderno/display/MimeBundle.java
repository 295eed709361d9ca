package cuaderno.display;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How an object looks, in several MIME types at once (like IPython's {@code _repr_mimebundle_}): the frontend picks
 * the richest it can show, nbconvert the one its output format can use. Always has text/plain.
 */
public final class MimeBundle {

    private final Map<String, Object> data = new LinkedHashMap<>();
    private final Map<String, Object> metadata = new LinkedHashMap<>();

    private MimeBundle(String plainText) {
        data.put("text/plain", plainText);
    }

    /** A bundle with its text/plain form; add richer forms with the {@code with} methods. */
    public static MimeBundle text(String plainText) {
        return new MimeBundle(plainText == null ? "" : plainText);
    }

    public MimeBundle html(String html) {
        return with("text/html", html);
    }

    public MimeBundle markdown(String markdown) {
        return with("text/markdown", markdown);
    }

    public MimeBundle latex(String latex) {
        return with("text/latex", latex);
    }

    /** A PNG, shown at {@code width} × {@code height} CSS pixels (send double resolution for sharp screens). */
    public MimeBundle png(byte[] png, int width, int height) {
        with("image/png", Base64.getEncoder().encodeToString(png));
        metadata.put("image/png", Map.of("width", width, "height", height));
        return this;
    }

    public MimeBundle with(String mimeType, Object value) {
        data.put(mimeType, value);
        return this;
    }

    public Map<String, Object> data() {
        return Map.copyOf(data);
    }

    public Map<String, Object> metadata() {
        return Map.copyOf(metadata);
    }

    /** The jjava form the kernel sends. */
    public DisplayData toDisplayData() {
        DisplayData out = new DisplayData();
        data.forEach(out::putData);
        metadata.forEach(out::putMetaData);
        return out;
    }
}
