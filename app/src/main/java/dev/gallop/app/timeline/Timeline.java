package dev.gallop.app.timeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/// The edit: tracks of shots at a frame rate (25 fps for MagiHuman) and its markers (by frame). Immutable; every edit
/// returns a new timeline, so undo keeps the unchanged tracks and clips shared. Video tracks are listed bottom first:
/// a later video track's pictures cover an earlier one's.
public record Timeline(int fps, List<Track> tracks, List<Marker> markers) {
    public Timeline {
        tracks = List.copyOf(tracks);
        List<Marker> m = new ArrayList<>(markers);
        m.sort(java.util.Comparator.comparingInt(Marker::frame));
        for (int i = 1; i < m.size(); i++) {
            if (m.get(i).frame() == m.get(i - 1).frame()) throw new IllegalArgumentException("two markers at frame " + m.get(i).frame());
        }
        markers = List.copyOf(m);
        if (fps <= 0) throw new IllegalArgumentException("frame rate " + fps);
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (Track t : tracks) if (!ids.add(t.id())) throw new IllegalArgumentException("two tracks named " + t.id());
    }

    /// A timeline without markers.
    public Timeline(int fps, List<Track> tracks) { this(fps, tracks, List.of()); }

    /// One video and one audio track, empty.
    public static Timeline empty() {
        return new Timeline(25, List.of(new Track("V1", Track.Kind.VIDEO, List.of()), new Track("A1", Track.Kind.AUDIO, List.of())));
    }

    public Track track(String id) {
        return tracks.stream().filter(t -> t.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no track " + id));
    }

    /// The track holding the clip.
    public Track trackOf(String clipId) {
        return tracks.stream().filter(t -> t.clip(clipId).isPresent()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no clip " + clipId));
    }

    public Clip clip(String clipId) { return trackOf(clipId).clip(clipId).orElseThrow(); }

    public Optional<Clip> find(String clipId) {
        for (Track t : tracks) {
            Optional<Clip> c = t.clip(clipId);
            if (c.isPresent()) return c;
        }
        return Optional.empty();
    }

    public int duration() { return tracks.stream().mapToInt(Track::end).max().orElse(0); }

    public Timeline with(Track track) {
        List<Track> l = new ArrayList<>(tracks);
        for (int i = 0; i < l.size(); i++) {
            if (l.get(i).id().equals(track.id())) {
                l.set(i, track);
                return new Timeline(fps, l, markers);
            }
        }
        throw new IllegalArgumentException("no track " + track.id());
    }

    /// Every clip edge on every track (snap targets), plus frame 0.
    public List<Integer> edges() {
        List<Integer> e = new ArrayList<>(List.of(0));
        for (Track t : tracks) for (Clip c : t.clips()) { e.add(c.start()); e.add(c.end()); }
        return e;
    }

    /// This timeline with another track list (same markers).
    public Timeline withTracks(List<Track> t) { return new Timeline(fps, t, markers); }

    public Timeline withMarkers(List<Marker> m) { return new Timeline(fps, tracks, m); }

    /// The clips linked to `clipId` (same link), not counting it; none when it is not linked.
    public List<Clip> partners(String clipId) {
        Clip c = clip(clipId);
        if (c.link() == null) return List.of();
        List<Clip> out = new ArrayList<>();
        for (Track t : tracks) for (Clip x : t.clips()) if (!x.id().equals(clipId) && c.link().equals(x.link())) out.add(x);
        return out;
    }

    /// The marker at `frame`, if any.
    public Optional<Marker> markerAt(int frame) { return markers.stream().filter(m -> m.frame() == frame).findFirst(); }

    /// A track id not in use: "V2", "A2", …
    public String newTrackId(Track.Kind kind) {
        String p = kind == Track.Kind.VIDEO ? "V" : "A";
        for (int n = 1; ; n++) {
            String id = p + n;
            if (tracks.stream().noneMatch(t -> t.id().equals(id))) return id;
        }
    }
}
