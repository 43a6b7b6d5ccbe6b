package dev.gallop.app.timeline;

import java.util.ArrayList;
import java.util.List;

/// The timeline edits. Each records exactly what it needs to be reverted.
public final class Edits {
    private Edits() {}

    /// Puts a clip on a track at its start frame.
    public record AddClip(String trackId, Clip clip) implements Edit {
        public Timeline apply(Timeline t) { return t.with(t.track(trackId).with(clip)); }

        public Timeline revert(Timeline t) { return t.with(t.track(trackId).without(clip.id())); }

        public String label() { return "Add clip"; }
    }

    /// Moves a clip to another start frame and/or track.
    public record MoveClip(String clipId, String fromTrack, int fromStart, String toTrack, int toStart) implements Edit {
        public static MoveClip of(Timeline t, String clipId, String toTrack, int toStart) {
            return new MoveClip(clipId, t.trackOf(clipId).id(), t.clip(clipId).start(), toTrack, toStart);
        }

        public Timeline apply(Timeline t) { return move(t, fromTrack, toTrack, toStart); }

        public Timeline revert(Timeline t) { return move(t, toTrack, fromTrack, fromStart); }

        private Timeline move(Timeline t, String src, String dst, int start) {
            if (start < 0) throw new IllegalArgumentException("cannot move clip " + clipId + " before frame 0");
            Clip c = t.track(src).clip(clipId).orElseThrow(() -> new IllegalArgumentException("no clip " + clipId + " on " + src));
            if (t.track(src).kind() != t.track(dst).kind()) throw new IllegalArgumentException("cannot move clip " + clipId + " to a " + t.track(dst).kind() + " track");
            Timeline removed = t.with(t.track(src).without(clipId));
            return removed.with(removed.track(dst).with(c.at(start)));
        }

        public String label() { return "Move clip"; }
    }

    /// Changes a clip's placement and source range (trimming either edge).
    public record TrimClip(String clipId, int oldStart, int oldIn, int oldOut, int newStart, int newIn, int newOut) implements Edit {
        /// Trims the left edge to timeline frame `frame` (the right edge stays put).
        public static TrimClip left(Timeline t, String clipId, int frame) {
            Clip c = t.clip(clipId);
            int delta = frame - c.start();
            return new TrimClip(clipId, c.start(), c.in(), c.out(), c.start() + delta, c.in() + delta, c.out());
        }

        /// Trims the right edge to timeline frame `frame`.
        public static TrimClip right(Timeline t, String clipId, int frame) {
            Clip c = t.clip(clipId);
            return new TrimClip(clipId, c.start(), c.in(), c.out(), c.start(), c.in(), c.in() + frame - c.start());
        }

        public Timeline apply(Timeline t) { return set(t, newStart, newIn, newOut); }

        public Timeline revert(Timeline t) { return set(t, oldStart, oldIn, oldOut); }

        private Timeline set(Timeline t, int start, int in, int out) {
            Track tr = t.trackOf(clipId);
            return t.with(tr.replaced(tr.clip(clipId).orElseThrow().trimmed(start, in, out)));
        }

        public String label() { return "Trim clip"; }
    }

    /// Cuts a clip in two at a timeline frame strictly inside it; the right part gets `newId` and link `newLink` (the
    /// right parts of a shot's picture and sound share a new link; null: unlinked).
    public record SplitClip(String clipId, int frame, String newId, String newLink) implements Edit {
        public SplitClip(String clipId, int frame, String newId) { this(clipId, frame, newId, null); }

        public Timeline apply(Timeline t) {
            Track tr = t.trackOf(clipId);
            Clip c = tr.clip(clipId).orElseThrow();
            if (frame <= c.start() || frame >= c.end()) {
                throw new IllegalArgumentException("split point " + frame + " is not inside clip " + clipId + " [" + c.start() + ", " + c.end() + ")");
            }
            int cut = c.in() + frame - c.start();
            Clip left = c.trimmed(c.start(), c.in(), cut);
            Clip right = new Clip(newId, frame, cut, c.out(), c.takes(), c.active(), newLink, c.approved());
            return t.with(tr.replaced(left).with(right));
        }

        public Timeline revert(Timeline t) {
            Track tr = t.trackOf(clipId);
            Clip left = tr.clip(clipId).orElseThrow(), right = tr.clip(newId).orElseThrow();
            return t.with(tr.without(newId).replaced(left.trimmed(left.start(), left.in(), right.out())));
        }

        public String label() { return "Split clip"; }
    }

    /// Removes a clip and closes the gap: later clips on the same track move left by its length.
    public record RippleDelete(String trackId, Clip removed) implements Edit {
        public static RippleDelete of(Timeline t, String clipId) { return new RippleDelete(t.trackOf(clipId).id(), t.clip(clipId)); }

        public Timeline apply(Timeline t) { return t.with(shift(t.track(trackId).without(removed.id()), removed.start(), -removed.duration())); }

        public Timeline revert(Timeline t) { return t.with(shift(t.track(trackId), removed.start(), removed.duration()).with(removed)); }

        private static Track shift(Track tr, int from, int by) {
            List<Clip> l = new ArrayList<>();
            for (Clip c : tr.clips()) l.add(c.start() >= from ? c.at(c.start() + by) : c);
            return tr.withClips(l);
        }

        public String label() { return "Ripple delete"; }
    }

    /// Removes a clip and leaves a gap.
    public record Lift(String trackId, Clip removed) implements Edit {
        public static Lift of(Timeline t, String clipId) { return new Lift(t.trackOf(clipId).id(), t.clip(clipId)); }

        public Timeline apply(Timeline t) { return t.with(t.track(trackId).without(removed.id())); }

        public Timeline revert(Timeline t) { return t.with(t.track(trackId).with(removed)); }

        public String label() { return "Lift clip"; }
    }

    /// Regenerate: a new take on top of the shot's stack (same length on the timeline); undo restores the previous
    /// take and trim.
    public record AddTake(String clipId, Take take, int prevActive, int prevIn, int prevOut) implements Edit {
        public static AddTake of(Timeline t, String clipId, Take take) {
            Clip c = t.clip(clipId);
            return new AddTake(clipId, take, c.active(), c.in(), c.out());
        }

        public Timeline apply(Timeline t) {
            Track tr = t.trackOf(clipId);
            return t.with(tr.replaced(tr.clip(clipId).orElseThrow().pushTake(take)));
        }

        public Timeline revert(Timeline t) {
            Track tr = t.trackOf(clipId);
            return t.with(tr.replaced(tr.clip(clipId).orElseThrow().popTake(prevActive, prevIn, prevOut)));
        }

        public String label() { return "New take"; }
    }

    /// Shows another take of the stack.
    public record SelectTake(String clipId, int fromActive, int fromIn, int fromOut, int toActive) implements Edit {
        public static SelectTake of(Timeline t, String clipId, int take) {
            Clip c = t.clip(clipId);
            return new SelectTake(clipId, c.active(), c.in(), c.out(), take);
        }

        public Timeline apply(Timeline t) {
            Track tr = t.trackOf(clipId);
            Clip c = tr.clip(clipId).orElseThrow();
            return t.with(tr.replaced(c.showTake(toActive)));
        }

        public Timeline revert(Timeline t) {
            Track tr = t.trackOf(clipId);
            Clip c = tr.clip(clipId).orElseThrow();
            return t.with(tr.replaced(new Clip(c.id(), c.start(), fromIn, fromOut, c.takes(), fromActive)));
        }

        public String label() { return "Select take"; }
    }

    /// Links clips together (`newLink`), or unlinks them (null); `oldLinks` are their links before, in the same order.
    public record SetLink(List<String> clipIds, List<String> oldLinks, String newLink) implements Edit {
        public SetLink {
            clipIds = List.copyOf(clipIds);
            oldLinks = java.util.Collections.unmodifiableList(new ArrayList<>(oldLinks));
            if (clipIds.size() != oldLinks.size()) throw new IllegalArgumentException("one old link per clip");
        }

        public static SetLink of(Timeline t, List<String> clipIds, String newLink) {
            List<String> old = new ArrayList<>();
            for (String id : clipIds) old.add(t.clip(id).link());
            return new SetLink(clipIds, old, newLink);
        }

        public Timeline apply(Timeline t) {
            for (String id : clipIds) t = set(t, id, newLink);
            return t;
        }

        public Timeline revert(Timeline t) {
            for (int i = 0; i < clipIds.size(); i++) t = set(t, clipIds.get(i), oldLinks.get(i));
            return t;
        }

        private static Timeline set(Timeline t, String id, String link) {
            Track tr = t.trackOf(id);
            return t.with(tr.replaced(tr.clip(id).orElseThrow().withLink(link)));
        }

        public String label() { return newLink == null ? "Unlink" : "Link"; }
    }

    /// Marks a shot approved for finishing, or not.
    public record SetApproved(String clipId, boolean approved) implements Edit {
        public Timeline apply(Timeline t) { return set(t, approved); }

        public Timeline revert(Timeline t) { return set(t, !approved); }

        private Timeline set(Timeline t, boolean a) {
            Track tr = t.trackOf(clipId);
            return t.with(tr.replaced(tr.clip(clipId).orElseThrow().withApproved(a)));
        }

        public String label() { return approved ? "Approve shot" : "Unapprove shot"; }
    }

    /// Changes a track's mute, solo and lock.
    public record SetTrackFlags(String trackId, boolean oldMuted, boolean oldSolo, boolean oldLocked, boolean muted, boolean solo, boolean locked)
            implements Edit {
        public static SetTrackFlags of(Timeline t, String trackId, boolean muted, boolean solo, boolean locked) {
            Track tr = t.track(trackId);
            return new SetTrackFlags(trackId, tr.muted(), tr.solo(), tr.locked(), muted, solo, locked);
        }

        public Timeline apply(Timeline t) { return t.with(t.track(trackId).withFlags(muted, solo, locked)); }

        public Timeline revert(Timeline t) { return t.with(t.track(trackId).withFlags(oldMuted, oldSolo, oldLocked)); }

        public String label() {
            return locked != oldLocked ? (locked ? "Lock " : "Unlock ") + trackId : solo != oldSolo ? (solo ? "Solo " : "Unsolo ") + trackId
                    : (muted ? (trackId.startsWith("V") ? "Hide " : "Mute ") : (trackId.startsWith("V") ? "Show " : "Unmute ")) + trackId;
        }
    }

    /// Adds an empty track: a video track goes above the other video tracks (its pictures cover theirs), an audio
    /// track after the last track.
    public record AddTrack(Track track) implements Edit {
        public Timeline apply(Timeline t) {
            if (!track.clips().isEmpty()) throw new IllegalArgumentException("a new track starts empty");
            if (t.tracks().stream().anyMatch(x -> x.id().equals(track.id()))) throw new IllegalArgumentException("track " + track.id() + " exists");
            List<Track> l = new ArrayList<>(t.tracks());
            int at = l.size();
            if (track.kind() == Track.Kind.VIDEO) {
                at = 0;
                for (int i = 0; i < l.size(); i++) if (l.get(i).kind() == Track.Kind.VIDEO) at = i + 1;
            }
            l.add(at, track);
            return t.withTracks(l);
        }

        public Timeline revert(Timeline t) {
            List<Track> l = new ArrayList<>(t.tracks());
            l.removeIf(x -> x.id().equals(track.id()));
            return t.withTracks(l);
        }

        public String label() { return "Add track " + track.id(); }
    }

    /// Adds a marker (`add`), or removes it.
    public record SetMarker(Marker marker, boolean add) implements Edit {
        public Timeline apply(Timeline t) { return add ? put(t) : drop(t); }

        public Timeline revert(Timeline t) { return add ? drop(t) : put(t); }

        private Timeline put(Timeline t) {
            List<Marker> l = new ArrayList<>(t.markers());
            l.add(marker);
            return t.withMarkers(l);
        }

        private Timeline drop(Timeline t) {
            List<Marker> l = new ArrayList<>(t.markers());
            if (!l.remove(marker)) throw new IllegalArgumentException("no marker " + marker.name() + " at frame " + marker.frame());
            return t.withMarkers(l);
        }

        public String label() { return add ? "Add marker" : "Remove marker"; }
    }

    /// Several edits as one user action (one undo step), e.g. a split at the playhead on every track. Applied in
    /// order and reverted in reverse order; if one fails, nothing changes.
    public record Group(String label, List<Edit> edits) implements Edit {
        public Group {
            edits = List.copyOf(edits);
            if (edits.isEmpty()) throw new IllegalArgumentException("an edit group needs at least one edit (" + label + ")");
        }

        public Timeline apply(Timeline t) {
            for (Edit e : edits) t = e.apply(t);
            return t;
        }

        public Timeline revert(Timeline t) {
            for (int i = edits.size() - 1; i >= 0; i--) t = edits.get(i).revert(t);
            return t;
        }
    }
}
