package cuaderno.data;

/**
 * Quick mode ({@code CUADERNO_QUICK=1}): notebooks run on the 1,000 + 1,000 digit sample inside the jar and train
 * for fewer epochs, so that CI can run every cell in minutes. {@link Mnist#load()} honours it.
 */
public final class QuickMode {

    private QuickMode() {
    }

    public static boolean on() {
        String value = System.getenv("CUADERNO_QUICK");
        return value != null && !value.isBlank() && !value.equals("0") && !value.equalsIgnoreCase("false");
    }
}
