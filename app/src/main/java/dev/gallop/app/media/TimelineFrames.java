package dev.gallop.app.media;

import dev.gallop.app.timeline.Clip;
import dev.gallop.app.timeline.Timeline;
import dev.gallop.app.timeline.Track;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/// The picture of a timeline at any frame, at one output size: the video tracks that are shown, composited bottom to
/// top — each clip covering the frame (its active take's media, at the clip's source offset) fitted into the size and
/// painted over the tracks below it within its own rectangle (where a clip of another shape leaves bars, the lower
/// tracks show through); black where no clip is.
/// Keeps one [FrameReader] per media file open, so playing or exporting in order decodes each frame once.
/// Not thread-safe.
public final class TimelineFrames implements AutoCloseable {
    private final Path project;
    private final Timeline timeline;
    private final int width, height;
    private final byte[] black;
    private final Map<Path, FrameReader> readers = new HashMap<>();

    public TimelineFrames(Path project, Timeline timeline, int width, int height) {
        if (width < 2 || height < 2 || width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("output size " + width + "×" + height + " must be even and at least 2×2");
        }
        this.project = project;
        this.timeline = timeline;
        this.width = width;
        this.height = height;
        this.black = new byte[width * height * 3];
    }

    /// The size of the first video clip's media on the first shown video track that has one: the natural output size of
    /// a timeline. Empty when it has none.
    public static Optional<int[]> naturalSize(Path project, Timeline t) throws IOException {
        for (Track tr : t.tracks()) {
            if (tr.kind() != Track.Kind.VIDEO || tr.muted() || tr.clips().isEmpty()) continue;
            try (FrameReader r = new FrameReader(project.resolve(tr.clips().getFirst().take().media()))) {
                return Optional.of(new int[] {r.width() / 2 * 2, r.height() / 2 * 2});
            }
        }
        return Optional.empty();
    }

    public int width() { return width; }

    public int height() { return height; }

    /// The clip shown on top at `frame`, if any (the topmost shown video track that has one).
    public Optional<Clip> clipAt(int frame) {
        List<Clip> l = layers(frame);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.getLast());
    }

    /// The clips at `frame` on the shown video tracks, bottom first.
    public List<Clip> layers(int frame) {
        List<Clip> out = new java.util.ArrayList<>();
        for (Track tr : timeline.tracks()) {
            if (tr.kind() != Track.Kind.VIDEO || tr.muted()) continue;
            tr.clipAt(frame).ifPresent(out::add);
        }
        return out;
    }

    /// RGB [height·width·3] of timeline frame `frame`; the array must not be changed.
    public byte[] rgb(int frame) throws IOException {
        List<Clip> l = layers(frame);
        if (l.isEmpty()) return black;
        // the top layer alone when it covers the whole frame (or is the only one)
        int first = l.size() - 1;
        while (first > 0 && !covers(l.get(first))) first--;
        if (first == l.size() - 1) {
            Clip top = l.getLast();
            FrameReader r = reader(top);
            return RgbScaler.fit(r.frame(top.in() + frame - top.start()), r.width(), r.height(), width, height);
        }
        byte[] out = new byte[width * height * 3];
        for (int i = first; i < l.size(); i++) {
            Clip c = l.get(i);
            FrameReader r = reader(c);
            RgbScaler.draw(r.frame(c.in() + frame - c.start()), r.width(), r.height(), out, width, height);
        }
        return out;
    }

    /// Whether a clip's picture fills the whole output frame (no bars for the tracks below to show through).
    private boolean covers(Clip c) throws IOException {
        FrameReader r = reader(c);
        int[] rect = RgbScaler.rect(r.width(), r.height(), width, height);
        return rect[2] == width && rect[3] == height;
    }

    private FrameReader reader(Clip clip) throws IOException {
        Path media = project.resolve(clip.take().media());
        FrameReader r = readers.get(media);
        if (r == null) {
            r = new FrameReader(media);
            readers.put(media, r);
        }
        return r;
    }

    @Override public void close() {
        readers.values().forEach(FrameReader::close);
        readers.clear();
    }
}
