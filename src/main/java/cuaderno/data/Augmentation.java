package cuaderno.data;

import java.util.Random;

/**
 * Random image transformations like Keras' {@code ImageDataGenerator}: rotation, shifts and zoom, each drawn per
 * image from the given ranges, with Keras' default {@code fill_mode="nearest"}.
 * <pre>
 * Digits augmented = Augmentation.create().rotation(10).shift(0.1, 0.1).zoom(0.1).seed(1).apply(mnist.train());
 * </pre>
 */
public final class Augmentation {

    private double degrees;
    private double widthShift;
    private double heightShift;
    private double zoom;
    private long seed = 0;

    private Augmentation() {
    }

    public static Augmentation create() {
        return new Augmentation();
    }

    /** Keras' {@code rotation_range}: rotate by an angle drawn from [-degrees, degrees]. */
    public Augmentation rotation(double degrees) {
        this.degrees = nonNegative(degrees, "rotation");
        return this;
    }

    /** Keras' {@code width_shift_range} and {@code height_shift_range}, as fractions of the image size. */
    public Augmentation shift(double widthFraction, double heightFraction) {
        this.widthShift = nonNegative(widthFraction, "width shift");
        this.heightShift = nonNegative(heightFraction, "height shift");
        return this;
    }

    /** Keras' {@code zoom_range}: scale by a factor drawn from [1 - range, 1 + range]. */
    public Augmentation zoom(double range) {
        if (!(range >= 0 && range < 1)) {
            throw new IllegalArgumentException("zoom range goes from 0 up to (not including) 1, not " + range);
        }
        this.zoom = range;
        return this;
    }

    public Augmentation seed(long seed) {
        this.seed = seed;
        return this;
    }

    private static double nonNegative(double value, String what) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException(what + " must be 0 or more, not " + value);
        }
        return value;
    }

    /** One randomly transformed copy of every image, labels unchanged. */
    public Digits apply(Digits digits) {
        Random random = new Random(seed);
        int n = digits.size();
        int side = Digits.SIDE;
        byte[] out = new byte[n * Digits.PIXELS];
        byte[] labels = new byte[n];
        double centre = (side - 1) / 2.0;
        for (int i = 0; i < n; i++) {
            int[][] image = digits.image(i);
            double angle = Math.toRadians((random.nextDouble() * 2 - 1) * degrees);
            double dx = (random.nextDouble() * 2 - 1) * widthShift * side;
            double dy = (random.nextDouble() * 2 - 1) * heightShift * side;
            double scale = 1 + (random.nextDouble() * 2 - 1) * zoom;
            double cos = Math.cos(angle) / scale;
            double sin = Math.sin(angle) / scale;
            for (int r = 0; r < side; r++) {
                for (int c = 0; c < side; c++) {
                    // inverse mapping: where in the source does this output pixel come from?
                    double x = c - centre - dx;
                    double y = r - centre - dy;
                    double sx = cos * x + sin * y + centre;
                    double sy = -sin * x + cos * y + centre;
                    out[i * Digits.PIXELS + r * side + c] = (byte) Math.round(bilinear(image, sx, sy));
                }
            }
            labels[i] = (byte) digits.label(i);
        }
        return Digits.ofBytes(out, labels);
    }

    /** Bilinear sample, clamped at the border (Keras' fill_mode "nearest"). */
    private static double bilinear(int[][] image, double x, double y) {
        int max = image.length - 1;
        x = Math.max(0, Math.min(max, x));
        y = Math.max(0, Math.min(max, y));
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        int x1 = Math.min(max, x0 + 1);
        int y1 = Math.min(max, y0 + 1);
        double fx = x - x0;
        double fy = y - y0;
        double top = image[y0][x0] * (1 - fx) + image[y0][x1] * fx;
        double bottom = image[y1][x0] * (1 - fx) + image[y1][x1] * fx;
        return top * (1 - fy) + bottom * fy;
    }
}
