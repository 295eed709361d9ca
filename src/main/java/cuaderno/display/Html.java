package cuaderno.display;

/** A piece of HTML to show in a notebook: {@code Html.of("<b>hola</b>")}. Its plain-text form has the tags removed. */
public record Html(String html) implements Displayable {

    public static Html of(String html) {
        return new Html(html);
    }

    @Override
    public MimeBundle toMimeBundle() {
        String text = html.replaceAll("<[^>]*>", "").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        return MimeBundle.text(text).html(html);
    }

    @Override
    public String toString() {
        return html;
    }
}
