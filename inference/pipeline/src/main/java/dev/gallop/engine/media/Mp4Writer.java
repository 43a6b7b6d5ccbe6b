package dev.gallop.engine.media;

import dev.gallop.engine.io.output.AtomicOutput;
import dev.gallop.engine.pipeline.DecodedAudio;
import dev.gallop.engine.pipeline.DecodedVideo;
import dev.gallop.engine.runtime.CancelToken;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.DoubleConsumer;

/// Writes RGB frames and stereo float audio to an MP4: H.264 (libopenh264, the LGPL build's encoder), yuv420p,
/// AAC, with string metadata in the container. The file appears only when complete (see [Mp4Recording]), so a
/// cancelled or failed export never leaves a half-written clip.
public final class Mp4Writer {
    private Mp4Writer() {}

    /// Writes `out` and puts it in place (see [Mp4Recording]).
    public static void write(Path out, DecodedVideo video, DecodedAudio audio, double fps, Map<String, String> metadata,
                             DoubleConsumer progress, CancelToken cancel) throws IOException {
        checkSize(video);
        try (Mp4Recording mp4 = Mp4Recording.start(out, video.width(), video.height(), fps, audio, metadata)) {
            record(mp4, video, audio, progress, cancel);
        }
    }

    /// Writes the clip into `out`, complete and checked, for the caller to commit with the other files of its job.
    public static void write(AtomicOutput out, DecodedVideo video, DecodedAudio audio, double fps, Map<String, String> metadata,
                             DoubleConsumer progress, CancelToken cancel) throws IOException {
        checkSize(video);
        try (Mp4Recording mp4 = Mp4Recording.start(out, video.width(), video.height(), fps, audio, metadata)) {
            record(mp4, video, audio, progress, cancel);
        }
    }

    /// A rough upper estimate of the file [#write] makes, for room checks before the work: about one bit per pixel
    /// of H.264 (noise-like early takes reach that; ordinary clips stay well under), 192 kbit/s of AAC, and 64 KB of
    /// container.
    public static long estimateBytes(int frames, int width, int height, double seconds, boolean sound) {
        long video = (long) frames * width * height / 8;
        long audio = sound ? (long) Math.ceil(seconds * 192_000 / 8) : 0;
        return video + audio + (64 << 10);
    }

    private static void checkSize(DecodedVideo video) {
        if (video.width() % 2 != 0 || video.height() % 2 != 0) {
            throw new IllegalArgumentException("H.264 needs even frame sizes, got " + video.width() + "×" + video.height());
        }
    }

    private static void record(Mp4Recording mp4, DecodedVideo video, DecodedAudio audio, DoubleConsumer progress, CancelToken cancel)
            throws IOException {
        int frameBytes = video.height() * video.width() * 3;
        for (int f = 0; f < video.frames(); f++) {
            cancel.throwIfCancelled();
            mp4.frame(f, video.rgb(), f * frameBytes);
            progress.accept((f + 1) / (double) video.frames() * (audio == null ? 1.0 : 0.9));
        }
        if (audio != null) {
            int chunk = 4096 * audio.channels();
            for (int i = 0; i < audio.samples().length; i += chunk) {
                cancel.throwIfCancelled();
                mp4.samples(audio.samples(), i, i + Math.min(chunk, audio.samples().length - i));
            }
        }
        mp4.finish();
        progress.accept(1.0);
    }
}
