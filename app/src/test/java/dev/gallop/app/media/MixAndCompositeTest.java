package dev.gallop.app.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.app.testing.TestMedia;
import dev.gallop.app.timeline.Clip;
import dev.gallop.app.timeline.Take;
import dev.gallop.app.timeline.Timeline;
import dev.gallop.app.timeline.Track;
import dev.gallop.engine.pipeline.DecodedAudio;
import dev.gallop.engine.runtime.CancelToken;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The sound comes from the audio tracks that are heard (mute, solo); the picture is every shown video track
/// composited bottom to top, lower tracks showing through where an upper clip of another shape leaves bars.
class MixAndCompositeTest {
    @TempDir Path project;

    @Test void muteAndSoloDecideWhatIsHeardAndPicturesAreSilent() throws Exception {
        TestMedia.write(project.resolve("media/tone.mp4"), 25, 32, 32, 440);
        Take tone = new Take("t", "media/tone.mp4", 25, "{}");
        Track v1 = new Track("V1", Track.Kind.VIDEO, List.of(Clip.of("pic", 0, tone)));
        Track a1 = new Track("A1", Track.Kind.AUDIO, List.of(Clip.of("s1", 0, tone)));
        Track a2 = new Track("A2", Track.Kind.AUDIO, List.of(Clip.of("s2", 0, tone)));
        double one = rms(TimelineAudio.mix(project, new Timeline(25, List.of(v1, a1.withFlags(true, false, false), a2.withFlags(true, false, false))),
                CancelToken.NEVER));
        assertTrue(one < 1e-4, "a picture alone is silent: its sound is its linked audio clip (" + one + ")");
        double a = rms(TimelineAudio.mix(project, new Timeline(25, List.of(v1, a1, a2.withFlags(true, false, false))), CancelToken.NEVER));
        assertEquals(0.5 / Math.sqrt(2), a, 0.03, "A1 alone");
        double both = rms(TimelineAudio.mix(project, new Timeline(25, List.of(v1, a1, a2)), CancelToken.NEVER));
        assertEquals(Math.min(1, 2 * a), both, 0.1, "A1 and A2 sum");
        double solo = rms(TimelineAudio.mix(project, new Timeline(25, List.of(v1, a1, a2.withFlags(false, true, false))), CancelToken.NEVER));
        assertEquals(a, solo, 0.03, "A2 soloed: only A2 is heard");
    }

    @Test void upperVideoTracksCoverLowerOnesWhereTheyHavePicture() throws Exception {
        TestMedia.write(project.resolve("media/wide.mp4"), 10, 64, 32, 0);     // frame 5: grey(5) = 38
        TestMedia.write(project.resolve("media/tall.mp4"), 10, 16, 32, 0);     // 1:2, pillarboxed in 64×32
        Take wide = new Take("w", "media/wide.mp4", 10, "{}"), tall = new Take("t", "media/tall.mp4", 10, "{}");
        Track v1 = new Track("V1", Track.Kind.VIDEO, List.of(Clip.of("bottom", 0, wide)));
        Track v2 = new Track("V2", Track.Kind.VIDEO, List.of(new Clip("top", 0, 0, 10, List.of(tall), 0)));
        Timeline t = new Timeline(25, List.of(v1, v2));
        try (TimelineFrames f = new TimelineFrames(project, t, 64, 32)) {
            byte[] rgb = f.rgb(2);
            int centre = rgb[(16 * 64 + 32) * 3] & 0xff, edge = rgb[(16 * 64 + 2) * 3] & 0xff;
            assertEquals(TestMedia.grey(2), centre, 3, "the upper clip in the middle");
            assertEquals(TestMedia.grey(2), edge, 3, "both show frame 2 here; now shift the lower one");
        }
        Track v1b = new Track("V1", Track.Kind.VIDEO, List.of(new Clip("bottom", 0, 5, 10, List.of(wide), 0)));
        try (TimelineFrames f = new TimelineFrames(project, new Timeline(25, List.of(v1b, v2)), 64, 32)) {
            byte[] rgb = f.rgb(0);
            assertEquals(TestMedia.grey(0), rgb[(16 * 64 + 32) * 3] & 0xff, 3, "V2's picture on top in its rectangle");
            assertEquals(TestMedia.grey(5), rgb[(16 * 64 + 2) * 3] & 0xff, 3, "V1 shows through V2's bars");
        }
        try (TimelineFrames f = new TimelineFrames(project, new Timeline(25, List.of(v1b, v2.withFlags(true, false, false))), 64, 32)) {
            assertEquals(TestMedia.grey(5), f.rgb(0)[(16 * 64 + 32) * 3] & 0xff, 3, "a hidden track is not drawn");
        }
    }

    static double rms(DecodedAudio a) {
        double s = 0;
        int n = 0;
        for (int i = a.samples().length / 4; i < a.samples().length * 3 / 4; i++, n++) s += a.samples()[i] * a.samples()[i];
        return Math.sqrt(s / Math.max(1, n));
    }
}
