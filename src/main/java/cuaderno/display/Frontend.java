package cuaderno.display;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/** Where rich output goes: implemented by the Cuaderno kernel, which keeps it in order with printed text. */
public interface Frontend {

    void display(DisplayData data);

    void updateDisplay(String displayId, DisplayData data);

    void clearOutput(boolean wait);
}
