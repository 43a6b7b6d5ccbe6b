package dev.gallop.engine.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The shared MP4 encoder's file handling; encoding itself is covered through Mp4WriterTest and the studio's export.
class Mp4RecordingTest {
    @TempDir Path dir;

    @Test void soundWithoutASoundTrackIsRefusedAndAnUnfinishedFileLeavesNothing() throws Exception {
        Path out = dir.resolve("clips/silent.mp4");
        try (Mp4Recording mp4 = Mp4Recording.start(out, 32, 16, 25, null, Map.of("comment", "x"))) {
            mp4.frame(0, new byte[32 * 16 * 3], 0);
            var e = assertThrows(IllegalStateException.class, () -> mp4.samples(new float[8], 0, 8));
            assertTrue(e.getMessage().contains("silent.mp4"), e.getMessage());
        }
        assertFalse(Files.exists(out));
        try (var s = Files.list(out.getParent())) {
            assertEquals(0, s.count(), "the temp file is removed");
        }
    }

    @Test void framesAreTakenFromTheirOffsetInOrder() throws Exception {
        Path out = dir.resolve("two.mp4");
        int bytes = 32 * 16 * 3;
        byte[] rgb = new byte[2 * bytes];
        java.util.Arrays.fill(rgb, bytes, rgb.length, (byte) 200);
        try (Mp4Recording mp4 = Mp4Recording.start(out, 32, 16, 25, null, Map.of())) {
            mp4.frame(0, rgb, bytes);
            mp4.frame(1, rgb, 0);
            mp4.finish();
        }
        assertEquals(2, MediaInfo.read(out).videoFrames());
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(out.toFile())) {
            g.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
            g.start();
            assertEquals(200, mean(g.grabImage()), 4, "frame 0 is the second picture");
            assertEquals(0, mean(g.grabImage()), 4, "frame 1 the first");
        }
    }

    private static double mean(Frame f) {
        ByteBuffer b = (ByteBuffer) f.image[0];
        long sum = 0;
        for (int y = 0; y < f.imageHeight; y++) {
            for (int x = 0; x < f.imageWidth * 3; x++) sum += b.get(y * f.imageStride + x) & 0xff;
        }
        return sum / (double) (f.imageHeight * f.imageWidth * 3);
    }
}
