package dev.gallop.engine.demo;

import java.util.Locale;

/// The demo shapes. Sizes are given as a radius `s`: a circle of radius s, a square of half-side 0.9·s, an
/// equilateral triangle (apex up at angle 0) of circumradius 1.2·s, so the three look about equally large.
public enum DemoShape {
    CIRCLE, SQUARE, TRIANGLE;

    private static final double SQRT3 = Math.sqrt(3);

    public String word() { return name().toLowerCase(Locale.ROOT); }

    /// Whether the point (x, y), relative to the centre in the shape's own (unrotated) frame with y pointing down,
    /// lies inside the shape of radius s.
    public boolean contains(double x, double y, double s) {
        return switch (this) {
            case CIRCLE -> x * x + y * y <= s * s;
            case SQUARE -> Math.abs(x) <= 0.9 * s && Math.abs(y) <= 0.9 * s;
            case TRIANGLE -> {
                double r = 1.2 * s;            // circumradius; the base is at y = r/2, the apex at y = -r
                if (y > r / 2) yield false;
                // the two slanted edges: |x| ≤ (y + r)/√3
                yield Math.abs(x) * SQRT3 <= y + r;
            }
        };
    }

    /// Half the side of the square that bounds the shape at any rotation.
    public double extent(double s) {
        return switch (this) {
            case CIRCLE -> s;
            case SQUARE -> 0.9 * s * Math.sqrt(2);
            case TRIANGLE -> 1.2 * s;
        };
    }

    /// The shape named by `word`, or null.
    public static DemoShape ofWord(String word) {
        for (DemoShape s : values()) if (s.word().equals(word)) return s;
        return null;
    }
}
