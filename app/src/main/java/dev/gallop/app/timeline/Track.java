package dev.gallop.app.timeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/// A video or audio track: clips sorted by start, never overlapping.
public record Track(String id, Kind kind, List<Clip> clips) {
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
    }

    public Optional<Clip> clip(String clipId) { return clips.stream().filter(c -> c.id().equals(clipId)).findFirst(); }

    public Optional<Clip> clipAt(int frame) { return clips.stream().filter(c -> c.start() <= frame && frame < c.end()).findFirst(); }

    public int end() { return clips.isEmpty() ? 0 : clips.getLast().end(); }

    public Track with(Clip c) {
        List<Clip> l = new ArrayList<>(clips);
        l.add(c);
        return new Track(id, kind, l);
    }

    public Track without(String clipId) {
        List<Clip> l = new ArrayList<>(clips);
        if (!l.removeIf(c -> c.id().equals(clipId))) throw new IllegalArgumentException("no clip " + clipId + " on track " + id);
        return new Track(id, kind, l);
    }

    public Track replaced(Clip c) { return without(c.id()).with(c); }

    public Track withClips(List<Clip> l) { return new Track(id, kind, l); }
}
