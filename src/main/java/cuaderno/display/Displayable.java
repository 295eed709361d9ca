package cuaderno.display;

/** An object that says how it looks in a notebook. The kernel shows it richly as a cell's value or with display(). */
public interface Displayable {

    MimeBundle toMimeBundle();
}
