package cuaderno.display;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

import java.util.Arrays;
import java.util.UUID;

/**
 * The display functions every cell can call: {@code display(x)}, {@code display(x, id)} then
 * {@code updateDisplay(id, x)}, {@code clearOutput()}. Objects are turned into MIME bundles by the kernel's
 * renderer registry, to which extensions add renderers.
 */
public final class Notebook {

    private Notebook() {
    }

    /** Shows {@code value} below the cell; returns the display id to update it later. */
    public static String display(Object value) {
        return display(value, UUID.randomUUID().toString());
    }

    /** Shows {@code value} under the given display id, which {@link #updateDisplay} can later replace. */
    public static String display(Object value, String displayId) {
        DisplayData data = render(value);
        data.setDisplayId(displayId);
        BaseKernel kernel = BaseKernel.notebookKernel();
        if (kernel instanceof Frontend frontend) {
            frontend.display(data);
        } else {
            kernel.display(data);
        }
        return displayId;
    }

    /** Replaces what an earlier {@code display(value, displayId)} showed. */
    public static void updateDisplay(String displayId, Object value) {
        DisplayData data = render(value);
        BaseKernel kernel = BaseKernel.notebookKernel();
        if (kernel instanceof Frontend frontend) {
            frontend.updateDisplay(displayId, data);
        } else {
            kernel.getIO().display.updateDisplay(displayId, data);
        }
    }

    /** Clears the cell's output now. */
    public static void clearOutput() {
        clearOutput(false);
    }

    /** Clears the cell's output, now or ({@code wait}) just before the next output arrives, to avoid flicker. */
    public static void clearOutput(boolean wait) {
        if (BaseKernel.notebookKernel() instanceof Frontend frontend) {
            frontend.clearOutput(wait);
        }
    }

    /**
     * True when the notebook runs in quick mode ({@code CUADERNO_QUICK=1}): course notebooks then train on the
     * embedded sample for fewer epochs, so that CI can run every cell in minutes ({@code Mnist.load()} then gives the
     * sample by itself).
     */
    public static boolean quick() {
        return cuaderno.data.QuickMode.on();
    }

    /** The MIME bundle for a value: registered renderers first, then text/plain (arrays as their contents). */
    public static DisplayData render(Object value) {
        if (value == null) {
            return new DisplayData("null");
        }
        if (value.getClass().isArray()) {
            return new DisplayData(arrayText(value));
        }
        return BaseKernel.notebookKernel().getRenderer().render(value);
    }

    private static String arrayText(Object array) {
        String text = Arrays.deepToString(new Object[]{array});
        return text.substring(1, text.length() - 1);
    }
}
