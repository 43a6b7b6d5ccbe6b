package dev.gallop.app.timeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/// The edit: tracks of shots at a frame rate (25 fps for MagiHuman). Immutable; every edit returns a new timeline,
/// so undo keeps the unchanged tracks and clips shared.
public record Timeline(int fps, List<Track> tracks) {
    public Timeline {
        tracks = List.copyOf(tracks);
        if (fps <= 0) throw new IllegalArgumentException("frame rate " + fps);
    }

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
                return new Timeline(fps, l);
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
}
