package dev.gallop.app.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gallop.app.media.AudioReader;
import dev.gallop.app.media.FrameReader;
import dev.gallop.app.testing.TestMedia;
import dev.gallop.app.timeline.Timeline;
import dev.gallop.engine.media.MediaInfo;
import dev.gallop.engine.pipeline.DecodedAudio;
import dev.gallop.engine.runtime.CancelToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import dev.gallop.app.testing.SampleProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Mp4ExportTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path project;

    static double rms(DecodedAudio a, double fromS, double toS) {
        int from = (int) (fromS * a.sampleRate()) * a.channels(), to = (int) (toS * a.sampleRate()) * a.channels();
        double sq = 0;
        for (int i = from; i < to; i++) sq += a.samples()[i] * a.samples()[i];
        return Math.sqrt(sq / (to - from));
    }

    @Test void theTimelineIsRenderedWithTrimsGapsMixedSoundAndRecords() throws Exception {
        Timeline t = SampleProject.build(project);
        Path out = project.resolve("renders/cut.mp4");
        double[] last = {0};
        Mp4Export.Result r = Mp4Export.export(project, t, out, 0, 0, p -> last[0] = p, CancelToken.NEVER);
        assertEquals(1.0, last[0]);
        MediaInfo info = MediaInfo.read(out);
        assertEquals(45, info.videoFrames());
        assertEquals(64, info.width());
        assertEquals(32, info.height());
        assertEquals(25, info.frameRate(), 1e-9);
        assertEquals("h264", info.videoCodec());
        assertEquals("aac", info.audioCodec());
        assertEquals(44_100, info.sampleRate());
        assertEquals(2, info.audioChannels());
        assertEquals(1.8, info.durationSeconds(), 0.06);
        assertEquals(1.8 * 44_100, info.audioSamples(), 2048);

        try (FrameReader fr = new FrameReader(out)) {
            assertEquals(TestMedia.grey(10), TestMedia.mean(fr.frame(0)), 3, "shot a starts at its in point");
            assertEquals(TestMedia.grey(29), TestMedia.mean(fr.frame(19)), 3, "shot a ends at its out point");
            for (int f = 20; f < 25; f++) assertEquals(0, TestMedia.mean(fr.frame(f)), 3, "the gap is black");
            assertEquals(TestMedia.grey(0), TestMedia.mean(fr.frame(25)), 3, "shot b's active take");
            assertEquals(TestMedia.grey(19), TestMedia.mean(fr.frame(44)), 3);
        }
        DecodedAudio sound = AudioReader.read(out);
        double tone = 0.5 / Math.sqrt(2);
        assertEquals(tone, rms(sound, 0.1, 0.7), 0.03, "shot a's own sound");
        assertTrue(rms(sound, 0.85, 0.95) < 0.01, "the gap is silent");
        assertTrue(rms(sound, 1.05, 1.15) < 0.01, "shot b is silent");
        assertEquals(tone, rms(sound, 1.25, 1.55), 0.03, "the clip on A1");
        assertTrue(rms(sound, 1.65, 1.75) < 0.01);

        JsonNode rec = JSON.readTree(info.metadata().get("comment"));
        assertEquals(45, rec.path("frames").asInt());
        assertEquals(5, rec.path("clips").size(), "two shots, their sounds, the other sound clip");
        assertEquals(11, rec.path("clips").get(0).path("record").path("seed").asInt());
        assertEquals(13, rec.path("clips").get(1).path("record").path("seed").asInt(), "the active take's record");
        assertEquals(rec, JSON.readTree(r.sidecar().toFile()));
        assertEquals(project.resolve("renders/cut.json"), r.sidecar());
    }

    @Test void cancellingLeavesNoFileAndKeepsTheEarlierExport() throws Exception {
        Timeline t = SampleProject.build(project);
        Path out = project.resolve("renders/cut.mp4");
        Mp4Export.export(project, t, out, 0, 0, p -> { }, CancelToken.NEVER);
        byte[] before = Files.readAllBytes(out);
        CancelToken token = new CancelToken();
        assertThrows(CancellationException.class, () -> Mp4Export.export(project, t, out, 0, 0, p -> { if (p > 0.5) token.cancel(); }, token));
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(out)), "the earlier export is untouched");
        try (var s = Files.list(out.getParent())) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().contains(".part")), "no partial file remains");
        }
    }

    @Test void anEmptyTimelineIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Mp4Export.export(project, Timeline.empty(), project.resolve("x.mp4"), 0, 0, p -> { }, CancelToken.NEVER));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test void anExplicitSizeFitsEveryShotIntoIt() throws Exception {
        Timeline t = SampleProject.build(project);
        Path out = project.resolve("renders/square.mp4");
        Mp4Export.export(project, t, out, 64, 64, p -> { }, CancelToken.NEVER);
        try (FrameReader fr = new FrameReader(out)) {
            assertEquals(64, fr.height());
            byte[] f0 = fr.frame(0);
            // 64×32 fitted into 64×64: black bars of 16 rows above and below the picture
            assertEquals(0, f0[(4 * 64 + 32) * 3] & 0xff, 4);
            assertEquals(TestMedia.grey(10), f0[(32 * 64 + 32) * 3] & 0xff, 4);
        }
    }
}
