package dev.gallop.app.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/// Reads the video frames of one media file as packed RGB, by frame number. Reading forward decodes in order;
/// asking for an earlier frame or one far ahead seeks (to the key frame before it, then decodes up to it). A number
/// past the last frame gives the last frame. Not thread-safe: one reader per thread.
public final class FrameReader implements AutoCloseable {
    private static final int SEEK_AHEAD = 12;
    private final Path file;
    private final FFmpegFrameGrabber g;
    private final int width, height, count;
    private final double fps;
    private int lastIndex = -1;
    private byte[] last;
    private boolean ended;

    public FrameReader(Path file) throws IOException {
        this.file = file;
        g = new FFmpegFrameGrabber(file.toFile());
        try {
            avutil.av_log_set_level(avutil.AV_LOG_ERROR);
            g.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
            g.start();
        } catch (FrameGrabber.Exception e) {
            throw new IOException("cannot open " + file + ": " + e.getMessage(), e);
        }
        width = g.getImageWidth();
        height = g.getImageHeight();
        fps = g.getVideoFrameRate() > 0 ? g.getVideoFrameRate() : g.getFrameRate();
        count = g.getLengthInVideoFrames();
        if (width <= 0 || height <= 0 || !(fps > 0)) {
            close();
            throw new IOException(file + " has no video stream");
        }
    }

    public int width() { return width; }

    public int height() { return height; }

    public double frameRate() { return fps; }

    /// Frames in the file as the container states it (0 when it does not say).
    public int frames() { return count; }

    /// Frame `index` (0-based) as RGB bytes [height·width·3]; the array must not be changed.
    public byte[] frame(int index) throws IOException {
        if (index < 0) throw new IllegalArgumentException(file + ": frame " + index + " is before the start");
        if (count > 0) index = Math.min(index, count - 1);
        if (index == lastIndex || ended && index > lastIndex) return requireFrame(index);
        try {
            if (index < lastIndex || index > lastIndex + SEEK_AHEAD) {
                g.setVideoTimestamp(Math.round(index * 1e6 / fps));
                ended = false;
            }
            while (true) {
                Frame f = g.grabImage();
                if (f == null) {
                    ended = true;
                    return requireFrame(index);
                }
                last = copy(f);
                lastIndex = (int) Math.round(f.timestamp * fps / 1e6);
                if (lastIndex >= index) return last;
            }
        } catch (FrameGrabber.Exception e) {
            throw new IOException(file + ": cannot decode frame " + index + ": " + e.getMessage(), e);
        }
    }

    private byte[] requireFrame(int index) {
        if (last == null) throw new IllegalStateException(file + " has no frame " + index);
        return last;
    }

    private byte[] copy(Frame f) {
        ByteBuffer b = (ByteBuffer) f.image[0];
        int row = width * 3;
        byte[] out = new byte[height * row];
        for (int y = 0; y < height; y++) b.get(y * f.imageStride, out, y * row, row);
        return out;
    }

    @Override public void close() {
        try {
            g.stop();
            g.release();
        } catch (FrameGrabber.Exception ignored) {
            // closing a reader that failed to open; nothing is held
        }
    }
}
