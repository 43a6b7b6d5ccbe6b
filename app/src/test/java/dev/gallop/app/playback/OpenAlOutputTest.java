package dev.gallop.app.playback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.pipeline.DecodedAudio;
import org.junit.jupiter.api.Test;

/// OpenAL streaming checked through OpenAL Soft's loopback device: what the "speaker" receives, and the clock.
class OpenAlOutputTest {
    static DecodedAudio tone(double seconds, double hz) {
        int n = (int) (seconds * 44_100);
        float[] s = new float[n * 2];
        for (int i = 0; i < n; i++) {
            s[2 * i] = (float) (0.5 * Math.sin(2 * Math.PI * hz * i / 44_100));
            s[2 * i + 1] = -s[2 * i];
        }
        return new DecodedAudio(s, 2, 44_100);
    }

    @Test void streamsEverySampleAndTheClockCountsWhatWasHeard() throws Exception {
        try (OpenAlOutput out = OpenAlOutput.openLoopback(44_100)) {
            DecodedAudio a = tone(0.5, 441);
            out.play(a, 0);
            assertTrue(out.isPlaying());
            int rendered = 0, crossings = 0;
            float prev = 0;
            double sqL = 0;
            float corr = 0;
            while (rendered < a.frames() + 4096) {
                float[] chunk = out.render(512);
                for (int i = 0; i < 512; i++) {
                    float l = chunk[2 * i], r = chunk[2 * i + 1];
                    if (rendered + i < a.frames() - 64) {
                        if (prev < 0 && l >= 0) crossings++;
                        prev = l;
                        sqL += l * l;
                        corr += l * r;
                    }
                }
                rendered += 512;
                if (rendered <= a.frames() - 512) {
                    assertEquals(rendered, out.playedFrames(), 2, "the clock is the sample frames heard");
                }
                out.pump();
            }
            assertFalse(out.isPlaying(), "playback ends after the last sample");
            // 441 Hz over ~0.5 s: about 220 rising zero crossings; left and right in opposite phase as written
            assertEquals(220, crossings, 3);
            assertTrue(Math.sqrt(sqL / (a.frames() - 64)) > 0.2, "the tone is heard at a useful level");
            assertTrue(corr < 0, "the channels are not swapped or mixed down");
        }
    }

    @Test void theFeederThreadKeepsTheQueueFull() throws Exception {
        try (OpenAlOutput out = OpenAlOutput.openLoopback(44_100, true)) {
            DecodedAudio a = tone(0.3, 441);
            out.play(a, 0);
            int rendered = 0, crossings = 0;
            float prev = 0;
            while (rendered < a.frames() - 512) {
                float[] chunk = out.render(512);
                for (int i = 0; i < 512; i++) {
                    if (prev < 0 && chunk[2 * i] >= 0) crossings++;
                    prev = chunk[2 * i];
                }
                rendered += 512;
                Thread.sleep(12);   // 512 frames per 12 ms: a device pulling at about real time
            }
            // 441 Hz over the rendered ~0.29 s with no gap: the feeder refilled every buffer in time
            assertEquals(Math.round(441.0 * rendered / 44_100), crossings, 2);
            assertEquals(rendered, out.playedFrames(), 2);
        }
    }

    @Test void playingFromAnOffsetAndStopping() throws Exception {
        try (OpenAlOutput out = OpenAlOutput.openLoopback(44_100)) {
            DecodedAudio a = tone(0.2, 441);
            out.play(a, a.frames() - 1000);
            out.render(600);
            out.pump();
            assertEquals(600, out.playedFrames(), 2);
            out.stop();
            assertFalse(out.isPlaying());
            out.play(a, 0);
            assertEquals(0, out.playedFrames(), "a new play restarts the clock");
        }
    }

    @Test void aMissingDeviceIsAClearErrorNotACrash() {
        AudioOutput.Unavailable e = assertThrows(AudioOutput.Unavailable.class, () -> OpenAlOutput.open("no such sound card 42"));
        assertTrue(e.getMessage().contains("no such sound card 42"), e.getMessage());
    }
}
