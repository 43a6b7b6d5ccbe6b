package dev.gallop.app.ui;

import dev.gallop.app.timeline.Clip;
import dev.gallop.app.timeline.Timeline;
import dev.gallop.app.timeline.Track;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/// Where things are on the timeline canvas: the ruler on top, then one lane per track; a header column on the
/// left. Converts between pixels and frames at a zoom (pixels per frame) and scroll offset, and finds what a
/// point hits. Pure arithmetic, so the mouse logic is tested without a screen.
public record TimelineGeometry(double zoom, double scroll) {
    public static final double RULER = 26, HEADER = 96, VIDEO_LANE = 60, AUDIO_LANE = 56, GAP = 4, EDGE = 6;
    /// The track header's toggle buttons: x of each, size.
    public static final double MUTE_X = 34, SOLO_X = 54, LOCK_X = 74, BUTTON = 18;

    public enum Part { RULER, EMPTY, BODY, LEFT_EDGE, RIGHT_EDGE, MUTE, SOLO, LOCK }

    /// What a point hits: the part, and the track and clip when it is on one.
    public record Hit(Part part, String trackId, String clipId, int frame) {}

    public double x(int frame) { return HEADER + frame * zoom - scroll; }

    /// The frame under x, rounded to the nearest frame boundary and never negative.
    public int frame(double x) { return (int) Math.max(0, Math.round((x - HEADER + scroll) / zoom)); }

    public static double laneHeight(Track t) { return t.kind() == Track.Kind.VIDEO ? VIDEO_LANE : AUDIO_LANE; }

    /// The tracks as their lanes are stacked, top down: the video tracks upper ones first (V2 above V1, as its
    /// pictures cover V1's), then the audio tracks in order.
    public static List<Track> lanes(Timeline t) {
        List<Track> out = new ArrayList<>();
        for (Track tr : t.tracks()) if (tr.kind() == Track.Kind.VIDEO) out.addFirst(tr);
        for (Track tr : t.tracks()) if (tr.kind() == Track.Kind.AUDIO) out.add(tr);
        return out;
    }

    /// Top of the `index`th lane from the top.
    public static double laneTop(Timeline t, int index) {
        List<Track> l = lanes(t);
        double y = RULER + GAP;
        for (int i = 0; i < index; i++) y += laneHeight(l.get(i)) + GAP;
        return y;
    }

    /// Top of a track's lane.
    public static double laneTop(Timeline t, String trackId) {
        List<Track> l = lanes(t);
        for (int i = 0; i < l.size(); i++) if (l.get(i).id().equals(trackId)) return laneTop(t, i);
        throw new IllegalArgumentException("no track " + trackId);
    }

    public static double height(Timeline t) { return laneTop(t, t.tracks().size()); }

    public Optional<Track> trackAt(Timeline t, double y) {
        List<Track> l = lanes(t);
        for (int i = 0; i < l.size(); i++) {
            double top = laneTop(t, i);
            if (y >= top && y < top + laneHeight(l.get(i))) return Optional.of(l.get(i));
        }
        return Optional.empty();
    }

    /// Top of the header buttons of a lane starting at `top`.
    public static double buttonTop(Track tr, double top) { return top + (laneHeight(tr) - BUTTON) / 2; }

    public Hit hit(Timeline t, double x, double y) {
        int f = frame(x);
        if (y < RULER) return new Hit(Part.RULER, null, null, f);
        Optional<Track> tr = trackAt(t, y);
        if (tr.isPresent() && x < HEADER) {
            double top = buttonTop(tr.get(), laneTop(t, tr.get().id()));
            if (y >= top && y <= top + BUTTON) {
                if (x >= MUTE_X && x < MUTE_X + BUTTON) return new Hit(Part.MUTE, tr.get().id(), null, f);
                if (x >= SOLO_X && x < SOLO_X + BUTTON && tr.get().kind() == Track.Kind.AUDIO) return new Hit(Part.SOLO, tr.get().id(), null, f);
                if (x >= LOCK_X && x < LOCK_X + BUTTON) return new Hit(Part.LOCK, tr.get().id(), null, f);
            }
        }
        if (tr.isEmpty() || x < HEADER) return new Hit(Part.EMPTY, tr.map(Track::id).orElse(null), null, f);
        for (Clip c : tr.get().clips()) {
            double l = x(c.start()), r = x(c.end());
            if (x < l - EDGE || x > r + EDGE) continue;
            double w = r - l, edge = Math.min(EDGE, w / 3);
            Part p = Math.abs(x - l) <= edge ? Part.LEFT_EDGE : Math.abs(x - r) <= edge ? Part.RIGHT_EDGE : x > l && x < r ? Part.BODY : null;
            if (p != null) return new Hit(p, tr.get().id(), c.id(), f);
        }
        return new Hit(Part.EMPTY, tr.get().id(), null, f);
    }

    /// A ruler label step in frames that keeps labels at least `minPixels` apart: 1, 5, 10 frames, 1, 2, 5, 10,
    /// 30 s, 1 min…
    public int labelStep(int fps, double minPixels) {
        int[] seconds = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600};
        for (int f : new int[] {1, 5, 10}) if (f * zoom >= minPixels && f < fps) return f;
        for (int s : seconds) if (s * fps * zoom >= minPixels) return s * fps;
        return 1200 * fps;
    }
}
