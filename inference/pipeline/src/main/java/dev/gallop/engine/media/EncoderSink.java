package dev.gallop.engine.media;

import dev.gallop.engine.io.output.AtomicOutput;
import java.io.IOException;
import java.io.OutputStream;
import org.bytedeco.javacv.Seekable;

/// Where the encoder's bytes go: an [AtomicOutput], through FFmpeg's custom I/O. The encoder library discards the
/// results of some of its writes (the trailer, the final flush), so every write and seek is checked here: the first
/// failure is kept, later writes are dropped, and the recording ([Mp4Recording], the studio's export encoder) raises
/// it after the frame, the samples or the finish that caused it. Seeking lets the MP4 / QuickTime muxers go back and
/// fill in box sizes.
public final class EncoderSink extends OutputStream implements Seekable {
    private static final int SEEK_SET = 0, SEEK_CUR = 1, SEEK_END = 2, AVSEEK_SIZE = 0x10000, AVSEEK_FORCE = 0x20000;

    private final AtomicOutput out;
    private IOException failure;

    public EncoderSink(AtomicOutput out) { this.out = out; }

    @Override public void write(int b) throws IOException { write(new byte[] {(byte) b}, 0, 1); }

    @Override public void write(byte[] b, int off, int len) {
        if (failure != null) return;
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            failure = e;
        }
    }

    @Override public void seek(long offset, int whence) {
        if (failure != null) return;
        try {
            switch (whence & ~AVSEEK_FORCE) {
                case SEEK_SET -> out.position(offset);
                case SEEK_CUR -> out.position(out.position() + offset);
                case SEEK_END -> out.position(out.size() + offset);
                case AVSEEK_SIZE -> { }   // the size query is answered by the library itself
                default -> throw new IOException("the encoder asked for an unknown seek (whence " + whence + ")");
            }
        } catch (IOException e) {
            failure = e;
        }
    }

    /// Throws the first write or seek failure, if any.
    public void check() throws IOException {
        if (failure != null) throw failure;
    }

    @Override public void close() {
        // the output is finished and committed (or discarded) by the recording
    }
}
