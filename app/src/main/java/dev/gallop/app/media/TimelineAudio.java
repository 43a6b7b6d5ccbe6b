package dev.gallop.app.media;

import dev.gallop.app.timeline.Clip;
import dev.gallop.app.timeline.Timeline;
import dev.gallop.app.timeline.Track;
import dev.gallop.engine.pipeline.DecodedAudio;
import dev.gallop.engine.runtime.CancelToken;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/// The sound of a timeline, mixed at [AudioReader#RATE] stereo: every clip on the audio tracks that are heard (not
/// muted; when any audio track is soloed, only the soloed ones) adds the part of its media's sound between its source
/// in and out points at its place on the timeline. Video clips are pictures only: a shot's sound is its linked clip on
/// an audio track. The sum is clipped to [-1, 1]. Gaps and silent takes are silence.
public final class TimelineAudio {
    private TimelineAudio() {}

    /// The mix over the timeline's whole duration.
    public static DecodedAudio mix(Path project, Timeline t, CancelToken cancel) throws IOException { return mix(project, t, t.duration(), cancel); }

    /// The mix over the first `frames` frames (silence after the last clip).
    public static DecodedAudio mix(Path project, Timeline t, int frames, CancelToken cancel) throws IOException {
        int rate = AudioReader.RATE, ch = AudioReader.CHANNELS;
        long total = samplesAt(frames, t.fps(), rate);
        if (total * ch > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("the timeline is too long to mix in memory (" + frames + " frames)");
        float[] out = new float[(int) total * ch];
        Map<Path, DecodedAudio> cache = new HashMap<>();
        boolean anySolo = t.tracks().stream().anyMatch(x -> x.kind() == Track.Kind.AUDIO && x.solo());
        for (Track tr : t.tracks()) {
            if (!heard(tr, anySolo)) continue;
            for (Clip c : tr.clips()) {
                cancel.throwIfCancelled();
                Path media = project.resolve(c.take().media());
                DecodedAudio a = cache.containsKey(media) ? cache.get(media) : AudioReader.read(media);
                cache.put(media, a);
                if (a == null) continue;
                long from = samplesAt(c.in(), t.fps(), rate), to = samplesAt(c.out(), t.fps(), rate), at = samplesAt(c.start(), t.fps(), rate);
                for (long i = from; i < to && i < a.frames(); i++) {
                    long o = at + i - from;
                    if (o >= total) break;
                    for (int k = 0; k < ch; k++) out[(int) (o * ch + k)] += a.samples()[(int) (i * ch + k)];
                }
            }
        }
        for (int i = 0; i < out.length; i++) out[i] = Math.clamp(out[i], -1f, 1f);
        return new DecodedAudio(out, ch, rate);
    }

    /// Whether a track is in the mix.
    public static boolean heard(Track tr, boolean anySolo) {
        return tr.kind() == Track.Kind.AUDIO && !tr.muted() && (!anySolo || tr.solo());
    }

    /// Sample frames before timeline frame `frame`.
    public static long samplesAt(int frame, int fps, int rate) { return Math.round(frame * (double) rate / fps); }
}
