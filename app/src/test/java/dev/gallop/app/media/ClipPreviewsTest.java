package dev.gallop.app.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.app.testing.TestMedia;
import dev.gallop.app.testing.UiThread;
import dev.gallop.app.timeline.Take;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClipPreviewsTest {
    @TempDir Path project;

    @Test void thumbnailsAndWaveformsOfTakes() throws Exception {
        TestMedia.write(project.resolve("media/a.mp4"), 40, 64, 32, 440);
        TestMedia.write(project.resolve("media/s.mp4"), 10, 64, 32, 0);
        Files.writeString(project.resolve("media/bad.mp4"), "junk");
        ExecutorService bg = Executors.newFixedThreadPool(2);
        try (UiThread ui = new UiThread(); ClipPreviews p = new ClipPreviews(project, bg, ui)) {
            AtomicReference<ArgbImage> thumb = new AtomicReference<>();
            p.thumbnail(new Take("a", "media/a.mp4", 40, "{}"), 10, 8, thumb::set);
            ui.await(() -> thumb.get() != null, 30, "the thumbnail");
            assertEquals(16, thumb.get().width());
            assertEquals(8, thumb.get().height());
            assertEquals(TestMedia.grey(10), thumb.get().pixel(8, 4) & 0xff, 3);

            AtomicReference<WaveformPeaks> wave = new AtomicReference<>(), silent = new AtomicReference<>();
            p.waveform(new Take("a", "media/a.mp4", 40, "{}"), 5, 25, 25, 50, wave::set);
            p.waveform(new Take("s", "media/s.mp4", 10, "{}"), 0, 10, 25, 20, silent::set);
            ui.await(() -> wave.get() != null && silent.get() != null, 30, "the waveforms");
            assertEquals(50, wave.get().columns());
            for (int c = 0; c < 50; c++) {
                assertEquals(0.5, wave.get().max()[c], 0.05, "a 440 Hz tone fills every column to its amplitude");
                assertEquals(-0.5, wave.get().min()[c], 0.05);
            }
            assertEquals(0f, silent.get().max()[7]);

            p.thumbnail(new Take("b", "media/bad.mp4", 10, "{}"), 0, 8, img -> { throw new AssertionError("no thumbnail for a bad file"); });
            ui.await(() -> p.errorProperty().get().contains("bad.mp4"), 30, "the error");
        } finally {
            bg.shutdownNow();
        }
    }
}
