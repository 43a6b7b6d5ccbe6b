package dev.gallop.app.timeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/// A video or audio track: clips sorted by start, never overlapping. A muted track is not heard (audio) or not seen
/// (video); when any audio track is soloed only soloed audio tracks are heard; a locked track's clips cannot be edited.
public record Track(String id, Kind kind, List<Clip> clips, boolean muted, boolean solo, boolean locked) {
    public enum Kind { VIDEO, AUDIO }

    public Track {
        List<Clip> sorted = new ArrayList<>(clips);
        sorted.sort(Comparator.comparingInt(Clip::start));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).start() < sorted.get(i - 1).end()) {
                throw new IllegalArgumentException("clips " + sorted.get(i - 1).id() + " and " + sorted.get(i).id() + " overlap on track " + id);
            }
        }
        clips = List.copyOf(sorted);
        if (kind == Kind.VIDEO && solo) throw new IllegalArgumentException("video track " + id + " cannot be soloed");
    }

    /// An unmuted, unlocked track.
    public Track(String id, Kind kind, List<Clip> clips) { this(id, kind, clips, false, false, false); }

    public Optional<Clip> clip(String clipId) { return clips.stream().filter(c -> c.id().equals(clipId)).findFirst(); }

    public Optional<Clip> clipAt(int frame) { return clips.stream().filter(c -> c.start() <= frame && frame < c.end()).findFirst(); }

    public int end() { return clips.isEmpty() ? 0 : clips.getLast().end(); }

    /// True when no clip of the track covers any frame of [from, to).
    public boolean free(int from, int to) { return clips.stream().noneMatch(c -> c.start() < to && from < c.end()); }

    public Track with(Clip c) {
        List<Clip> l = new ArrayList<>(clips);
        l.add(c);
        return withClips(l);
    }

    public Track without(String clipId) {
        List<Clip> l = new ArrayList<>(clips);
        if (!l.removeIf(c -> c.id().equals(clipId))) throw new IllegalArgumentException("no clip " + clipId + " on track " + id);
        return withClips(l);
    }

    public Track replaced(Clip c) { return without(c.id()).with(c); }

    public Track withClips(List<Clip> l) { return new Track(id, kind, l, muted, solo, locked); }

    public Track withFlags(boolean m, boolean s, boolean l) { return new Track(id, kind, clips, m, s, l); }
}
