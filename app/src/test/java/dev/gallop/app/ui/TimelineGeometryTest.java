package dev.gallop.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gallop.app.timeline.Clip;
import dev.gallop.app.timeline.Edits;
import dev.gallop.app.timeline.Take;
import dev.gallop.app.timeline.Timeline;
import org.junit.jupiter.api.Test;

/// Pixel ↔ frame and hit testing of the timeline canvas.
class TimelineGeometryTest {
    final Timeline t = new Edits.AddClip("V1", Clip.of("a", 10, new Take("t", "m.mp4", 20, "{}"))).apply(Timeline.empty());

    @Test void framesAndPixels() {
        TimelineGeometry g = new TimelineGeometry(4, 40);
        assertEquals(TimelineGeometry.HEADER + 10 * 4 - 40, g.x(10));
        assertEquals(10, g.frame(g.x(10) + 1.9));
        assertEquals(0, g.frame(0), "never negative");
    }

    @Test void hitsRulerEdgesBodyAndEmptyLanes() {
        TimelineGeometry g = new TimelineGeometry(4, 0);
        double vy = TimelineGeometry.laneTop(t, 0) + 10, ay = TimelineGeometry.laneTop(t, 1) + 10;
        assertEquals(TimelineGeometry.Part.RULER, g.hit(t, 100, 5).part());
        assertEquals(TimelineGeometry.Part.LEFT_EDGE, g.hit(t, g.x(10) + 2, vy).part());
        assertEquals(TimelineGeometry.Part.RIGHT_EDGE, g.hit(t, g.x(30) - 3, vy).part());
        TimelineGeometry.Hit body = g.hit(t, g.x(20), vy);
        assertEquals(TimelineGeometry.Part.BODY, body.part());
        assertEquals("a", body.clipId());
        assertEquals("V1", body.trackId());
        assertEquals(TimelineGeometry.Part.EMPTY, g.hit(t, g.x(20), ay).part());
        assertEquals("A1", g.hit(t, g.x(20), ay).trackId());
        assertEquals(TimelineGeometry.Part.EMPTY, g.hit(t, g.x(60), vy).part());
    }

    @Test void rulerLabelsStayApart() {
        assertEquals(1, new TimelineGeometry(100, 0).labelStep(25, 90));
        assertEquals(25, new TimelineGeometry(6, 0).labelStep(25, 90));
        assertEquals(5 * 25, new TimelineGeometry(1, 0).labelStep(25, 90));
    }
}
