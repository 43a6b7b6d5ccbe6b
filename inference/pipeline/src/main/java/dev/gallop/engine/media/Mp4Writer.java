package dev.gallop.engine.media;

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

    public static void write(Path out, DecodedVideo video, DecodedAudio audio, double fps, Map<String, String> metadata,
                             DoubleConsumer progress, CancelToken cancel) throws IOException {
        if (video.width() % 2 != 0 || video.height() % 2 != 0) {
            throw new IllegalArgumentException("H.264 needs even frame sizes, got " + video.width() + "×" + video.height());
        }
        try (Mp4Recording mp4 = Mp4Recording.start(out, video.width(), video.height(), fps, audio, metadata)) {
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
}
