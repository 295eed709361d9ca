package cuaderno.plot;

import org.knowm.xchart.style.Styler.LegendPosition;

import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.List;

/**
 * matplotlib's {@code loc="best"}: of the places a legend can go inside the plot, the one whose box covers the fewest
 * data points and line segments; ties go to the first in matplotlib's order (upper right, upper left, lower left,
 * lower right, lower centre, upper centre).
 */
final class LegendPlacement {

    /** XChart's gap between the plot's edge and an inside legend. */
    private static final double MARGIN = 6;

    static final List<LegendPosition> ORDER = List.of(LegendPosition.InsideNE, LegendPosition.InsideNW,
            LegendPosition.InsideSW, LegendPosition.InsideSE, LegendPosition.InsideS, LegendPosition.InsideN);

    /** A series in screen coordinates; {@code joined} when a line connects its points. */
    record Trace(double[] x, double[] y, boolean joined) {
    }

    private LegendPlacement() {
    }

    static LegendPosition best(Rectangle2D plot, double width, double height, List<Trace> traces) {
        LegendPosition best = ORDER.get(0);
        long fewest = Long.MAX_VALUE;
        for (LegendPosition position : ORDER) {
            long covered = covered(box(position, plot, width, height), traces);
            if (covered < fewest) {
                fewest = covered;
                best = position;
            }
        }
        return best;
    }

    /** Where XChart draws a legend of this size at an inside {@code position} (its own arithmetic, in Legend_); null outside. */
    static Rectangle2D box(LegendPosition position, Rectangle2D plot, double width, double height) {
        double left = plot.getX() + MARGIN;
        double right = plot.getMaxX() - width - MARGIN;
        double centre = plot.getX() + (plot.getWidth() - width) / 2 + MARGIN;
        double top = plot.getY() + MARGIN;
        double bottom = plot.getMaxY() - height - MARGIN;
        return switch (position) {
            case InsideNE -> new Rectangle2D.Double(right, top, width, height);
            case InsideNW -> new Rectangle2D.Double(left, top, width, height);
            case InsideSW -> new Rectangle2D.Double(left, bottom, width, height);
            case InsideSE -> new Rectangle2D.Double(right, bottom, width, height);
            case InsideS -> new Rectangle2D.Double(centre, bottom, width, height);
            case InsideN -> new Rectangle2D.Double(centre, top, width, height);
            default -> null;
        };
    }

    /** Points inside the box (with a little room for markers) plus line segments that cross it. */
    static long covered(Rectangle2D box, List<Trace> traces) {
        Rectangle2D area = new Rectangle2D.Double(box.getX() - 3, box.getY() - 3, box.getWidth() + 6, box.getHeight() + 6);
        long count = 0;
        for (Trace trace : traces) {
            for (int i = 0; i < trace.x.length; i++) {
                if (!Double.isFinite(trace.x[i]) || !Double.isFinite(trace.y[i])) {
                    continue;
                }
                if (area.contains(trace.x[i], trace.y[i])) {
                    count++;
                }
                if (trace.joined && i > 0 && Double.isFinite(trace.x[i - 1]) && Double.isFinite(trace.y[i - 1])
                        && area.intersectsLine(new Line2D.Double(trace.x[i - 1], trace.y[i - 1], trace.x[i], trace.y[i]))) {
                    count++;
                }
            }
        }
        return count;
    }
}
