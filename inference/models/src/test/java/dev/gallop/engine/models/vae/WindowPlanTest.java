package dev.gallop.engine.models.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/// The window schedules the reference decoder sets list for their three cases (docs/parity.md#decoder-sets), and the
/// frame arithmetic.
class WindowPlanTest {
    static String describe(WindowPlan p) {
        List<String> parts = p.windows().stream().map(w -> "[" + w.from() + "," + w.to() + ")" + (w.firstChunk() ? "F" : "")
                + w.rawFrames(4) + ":" + w.keepFrom(4) + "-" + w.keepTo(4)).toList();
        return p.paddedFrames() + " " + String.join(" ", parts) + " -> " + p.pixelFrames();
    }

    @Test void goldenCases() {
        assertEquals("14 [0,8)F29:0-25 [6,14)32:4-32 -> 33", describe(WindowPlan.of(9, 7, 7, 4)));
        assertEquals("7 [0,7)F25:0-25 -> 25", describe(WindowPlan.of(7, 7, 7, 4)));
        assertEquals("21 [0,8)F29:0-25 [6,15)36:4-32 [13,21)32:4-32 -> 61", describe(WindowPlan.of(16, 7, 7, 4)));
    }

    @Test void shortLatentsPadToTheFirstChunk() {
        assertEquals("7 [0,7)F25:0-25 -> 1", describe(WindowPlan.of(1, 7, 7, 4)));
        assertEquals("14 [0,8)F29:0-25 [6,14)32:4-32 -> 29", describe(WindowPlan.of(8, 7, 7, 4)));
    }
}
