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

/// The picture of a timeline at any frame, at one output size: the clip of the topmost video track that covers the
/// frame (its active take's media, at the clip's source offset), fitted into the size; black where no clip is.
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

    /// The size of the first video clip's media: the natural output size of a timeline. Empty when it has none.
    public static Optional<int[]> naturalSize(Path project, Timeline t) throws IOException {
        for (Track tr : t.tracks()) {
            if (tr.kind() != Track.Kind.VIDEO || tr.clips().isEmpty()) continue;
            try (FrameReader r = new FrameReader(project.resolve(tr.clips().getFirst().take().media()))) {
                return Optional.of(new int[] {r.width() / 2 * 2, r.height() / 2 * 2});
            }
        }
        return Optional.empty();
    }

    public int width() { return width; }

    public int height() { return height; }

    /// The clip shown at `frame`, if any (topmost video track wins).
    public Optional<Clip> clipAt(int frame) {
        List<Track> tracks = timeline.tracks();
        for (int i = tracks.size() - 1; i >= 0; i--) {
            Track tr = tracks.get(i);
            if (tr.kind() != Track.Kind.VIDEO) continue;
            Optional<Clip> c = tr.clipAt(frame);
            if (c.isPresent()) return c;
        }
        return Optional.empty();
    }

    /// RGB [height·width·3] of timeline frame `frame`; the array must not be changed.
    public byte[] rgb(int frame) throws IOException {
        Optional<Clip> c = clipAt(frame);
        if (c.isEmpty()) return black;
        Clip clip = c.get();
        Path media = project.resolve(clip.take().media());
        FrameReader r = readers.get(media);
        if (r == null) {
            r = new FrameReader(media);
            readers.put(media, r);
        }
        return RgbScaler.fit(r.frame(clip.in() + frame - clip.start()), r.width(), r.height(), width, height);
    }

    @Override public void close() {
        readers.values().forEach(FrameReader::close);
        readers.clear();
    }
}
