package dev.gallop.engine.models.demo;

/// The three demo shapes as signed distance fields: negative inside, in the units of the point, for a shape of size
/// `s` centred at the origin in its own (unrotated) frame with y pointing down. A circle of radius s, a square of
/// half-side 0.9·s, an equilateral triangle (apex up) of circumradius 1.2·s, so that the three look about equally
/// large. The polygons' fields are the largest of their edges' signed distances: exact inside and along the edges,
/// which is what a one-pixel anti-aliased edge needs.
public final class ShapeField {
    /// The shapes in latent order ([SceneLatent#SHAPE]).
    public static final int CIRCLE = 0, SQUARE = 1, TRIANGLE = 2, SHAPES = 3;
    private static final double SQRT3 = Math.sqrt(3);

    private ShapeField() {}

    /// Signed distance of (x, y) to the outline of `shape` of size s.
    public static double distance(int shape, double x, double y, double s) {
        return switch (shape) {
            case CIRCLE -> Math.sqrt(x * x + y * y) - s;
            case SQUARE -> Math.max(Math.abs(x), Math.abs(y)) - 0.9 * s;
            case TRIANGLE -> {
                double r = 1.2 * s;                               // apex at y = −r, base at y = r/2
                yield Math.max(y - r / 2, (SQRT3 * Math.abs(x) - y - r) / 2);
            }
            default -> throw new IllegalArgumentException("no demo shape " + shape);
        };
    }

    /// Half the side of the square that bounds `shape` of size s at any rotation.
    public static double extent(int shape, double s) {
        return switch (shape) {
            case CIRCLE -> s;
            case SQUARE -> 0.9 * s * Math.sqrt(2);
            case TRIANGLE -> 1.2 * s;
            default -> throw new IllegalArgumentException("no demo shape " + shape);
        };
    }
}
