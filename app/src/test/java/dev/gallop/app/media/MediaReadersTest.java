package dev.gallop.app.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.app.testing.TestMedia;
import dev.gallop.engine.pipeline.DecodedAudio;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaReadersTest {
    @TempDir Path dir;

    @Test void framesReadInOrderAndBySeekingAreTheRightOnes() throws Exception {
        Path mp4 = TestMedia.write(dir.resolve("a.mp4"), 40, 64, 32, 0);
        try (FrameReader r = new FrameReader(mp4)) {
            assertEquals(64, r.width());
            assertEquals(32, r.height());
            assertEquals(25, r.frameRate(), 1e-9);
            for (int f = 0; f < 40; f++) assertEquals(TestMedia.grey(f), TestMedia.mean(r.frame(f)), 3, "frame " + f + " in order");
            for (int f : new int[] {30, 5, 17, 16, 39, 0, 33, 2}) assertEquals(TestMedia.grey(f), TestMedia.mean(r.frame(f)), 3, "frame " + f + " by seeking");
            assertEquals(TestMedia.grey(39), TestMedia.mean(r.frame(100)), 3, "past the end: the last frame");
            assertEquals(TestMedia.grey(3), TestMedia.mean(r.frame(3)), 3, "back from the end");
            assertThrows(IllegalArgumentException.class, () -> r.frame(-1));
        }
    }

    @Test void soundIsReadWhole() throws Exception {
        Path mp4 = TestMedia.write(dir.resolve("b.mp4"), 40, 64, 32, 440);
        DecodedAudio a = AudioReader.read(mp4);
        assertEquals(2, a.channels());
        assertEquals(44_100, a.sampleRate());
        assertEquals(1.6, a.seconds(), 0.05);
        double sq = 0;
        for (int i = a.samples().length / 4; i < a.samples().length * 3 / 4; i++) sq += a.samples()[i] * a.samples()[i];
        assertEquals(0.5 / Math.sqrt(2), Math.sqrt(sq / (a.samples().length / 2)), 0.02, "RMS of a 0.5 sine");
        assertNull(AudioReader.read(TestMedia.write(dir.resolve("silent.mp4"), 5, 32, 32, 0)));
    }

    @Test void unreadableFilesAreNamed() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.mp4"), "not a video");
        IOException e = assertThrows(IOException.class, () -> new FrameReader(bad));
        assertTrue(e.getMessage().contains("bad.mp4"), e.getMessage());
        e = assertThrows(IOException.class, () -> AudioReader.read(dir.resolve("missing.mp4")));
        assertTrue(e.getMessage().contains("missing.mp4"), e.getMessage());
    }
}
