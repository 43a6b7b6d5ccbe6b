package dev.gallop.engine.demo;

import java.util.List;
import java.util.Locale;

/// The demo model's palette. Every colour can fill a shape; [#BACKGROUNDS] can also fill the frame. A shape is never
/// drawn on a background of its own colour.
public enum DemoColor {
    RED(220, 40, 40), GREEN(40, 170, 60), BLUE(40, 80, 220), YELLOW(240, 220, 40),
    PURPLE(150, 60, 200), ORANGE(250, 140, 30), WHITE(245, 245, 245), BLACK(20, 20, 20), GRAY(128, 128, 128);

    /// Colours a shape may have (all but gray).
    public static final List<DemoColor> SHAPES = List.of(RED, GREEN, BLUE, YELLOW, PURPLE, ORANGE, WHITE, BLACK);
    /// Colours the background may have.
    public static final List<DemoColor> BACKGROUNDS = List.of(WHITE, BLACK, GRAY, BLUE, GREEN, YELLOW);

    public final int r, g, b;

    DemoColor(int r, int g, int b) {
        this.r = r;
        this.g = g;
        this.b = b;
    }

    /// The colour as RGB in 0…1.
    public double[] rgb() { return new double[] {r / 255.0, g / 255.0, b / 255.0}; }

    /// The word used in prompts ("red").
    public String word() { return name().toLowerCase(Locale.ROOT); }

    /// Squared RGB distance to (r, g, b).
    public int distance2(int rr, int gg, int bb) {
        int dr = r - rr, dg = g - gg, db = b - bb;
        return dr * dr + dg * dg + db * db;
    }

    /// The palette colour nearest to (r, g, b) among `among`.
    public static DemoColor nearest(int r, int g, int b, List<DemoColor> among) {
        DemoColor best = among.getFirst();
        for (DemoColor c : among) if (c.distance2(r, g, b) < best.distance2(r, g, b)) best = c;
        return best;
    }

    /// The colour named by `word`, or null.
    public static DemoColor ofWord(String word) {
        for (DemoColor c : values()) if (c.word().equals(word)) return c;
        return null;
    }
}
