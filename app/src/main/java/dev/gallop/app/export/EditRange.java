package dev.gallop.app.export;

import dev.gallop.app.timeline.Clip;
import dev.gallop.app.timeline.Marker;
import dev.gallop.app.timeline.Timeline;
import dev.gallop.app.timeline.Track;
import java.util.ArrayList;
import java.util.List;

/// A part of an edit as an edit of its own: frames [from, to) of a timeline, clips cut at the ends and everything
/// moved so `from` is frame 0. Every exporter works on it, so a range exports exactly what plays between the marks.
public final class EditRange {
    private EditRange() {}

    /// Frames [from, to) of `t`; throws when the range is empty or outside the edit.
    public static Timeline of(Timeline t, int from, int to) {
        if (from < 0 || to <= from) throw new IllegalArgumentException("the range " + from + "–" + to + " holds no frame");
        if (from >= t.duration()) throw new IllegalArgumentException("the range starts at frame " + from + ", after the edit's end (" + t.duration() + ")");
        List<Track> tracks = new ArrayList<>();
        for (Track tr : t.tracks()) {
            List<Clip> clips = new ArrayList<>();
            for (Clip c : tr.clips()) {
                int s = Math.max(c.start(), from), e = Math.min(c.end(), to);
                if (e <= s) continue;
                clips.add(c.trimmed(s - from, c.in() + s - c.start(), c.in() + e - c.start()));
            }
            tracks.add(tr.withClips(clips));
        }
        List<Marker> markers = new ArrayList<>();
        for (Marker m : t.markers()) if (m.frame() >= from && m.frame() < to) markers.add(new Marker(m.frame() - from, m.name()));
        return new Timeline(t.fps(), tracks, markers);
    }

    /// The frames an in/out pair marks: in (or 0) to one past out (or the end). Throws when neither mark is set.
    public static int[] marks(int in, int out, int duration) {
        if (in < 0 && out < 0) throw new IllegalArgumentException("no in or out mark is set: press I and O on the timeline, or export the whole edit");
        int from = Math.max(0, in), to = out >= 0 ? Math.min(duration, out + 1) : duration;
        if (to <= from) throw new IllegalArgumentException("the out mark is before the in mark");
        return new int[] {from, to};
    }
}
