package dev.gallop.app.timeline;

import java.util.ArrayList;
import java.util.List;

/// A clip on a track: placed at `start` (timeline frame), showing source frames [in, out) of its active take. A shot
/// is a video clip; its sound is an audio clip with the same takes. Clips with the same `link` (non-null) move, trim,
/// split, delete and change takes together — a shot's picture and its sound — until unlinked. `approved` marks a shot
/// the user approved for finishing (super-resolution).
/// A clip keeps a stack of takes; regenerating pushes a take, undo pops it.
public record Clip(String id, int start, int in, int out, List<Take> takes, int active, String link, boolean approved) {
    public Clip {
        takes = List.copyOf(takes);
        if (takes.isEmpty()) throw new IllegalArgumentException("clip " + id + " has no take");
        if (active < 0 || active >= takes.size()) throw new IllegalArgumentException("clip " + id + ": active take " + active + " of " + takes.size());
        if (start < 0) throw new IllegalArgumentException("clip " + id + " starts before frame 0 (" + start + ")");
        if (in < 0 || out <= in || out > takes.get(active).frames()) {
            throw new IllegalArgumentException("clip " + id + ": source range [" + in + ", " + out + ") outside its take of "
                    + takes.get(active).frames() + " frames");
        }
    }

    /// An unlinked, unapproved clip.
    public Clip(String id, int start, int in, int out, List<Take> takes, int active) { this(id, start, in, out, takes, active, null, false); }

    public static Clip of(String id, int start, Take take) { return new Clip(id, start, 0, take.frames(), List.of(take), 0); }

    public int duration() { return out - in; }

    public int end() { return start + duration(); }

    public Take take() { return takes.get(active); }

    public boolean linked() { return link != null; }

    public Clip at(int newStart) { return new Clip(id, newStart, in, out, takes, active, link, approved); }

    public Clip trimmed(int newStart, int newIn, int newOut) { return new Clip(id, newStart, newIn, newOut, takes, active, link, approved); }

    public Clip withId(String newId) { return new Clip(newId, start, in, out, takes, active, link, approved); }

    public Clip withLink(String newLink) { return new Clip(id, start, in, out, takes, active, newLink, approved); }

    public Clip withApproved(boolean a) { return new Clip(id, start, in, out, takes, active, link, a); }

    /// A new take on top of the stack. The shot keeps its length on the timeline (shorter if the take is shorter),
    /// so a retake never pushes into the next shot.
    public Clip pushTake(Take t) {
        List<Take> l = new ArrayList<>(takes);
        l.add(t);
        return new Clip(id, start, 0, Math.min(t.frames(), duration()), l, l.size() - 1, link, approved);
    }

    /// Shows take `index` from its first frame, keeping the shot's length where the take allows.
    public Clip showTake(int index) {
        return new Clip(id, start, 0, Math.min(takes.get(index).frames(), duration()), takes, index, link, approved);
    }

    /// This clip with its top take removed and the previous active take and range restored.
    public Clip popTake(int prevActive, int prevIn, int prevOut) {
        List<Take> l = new ArrayList<>(takes);
        l.removeLast();
        return new Clip(id, start, prevIn, prevOut, l, prevActive, link, approved);
    }
}
