package dev.gallop.app.prompt;

import dev.gallop.app.media.ArgbImage;
import dev.gallop.engine.media.ImageFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/// Checks the files a generation is conditioned on by what they contain, not by their names: the first bytes must be
/// a known image or sound format, and the file must then decode (an image with ImageIO, as the engine reads it; a
/// sound with FFmpeg). A text file named `fake.png` is refused, naming what it is not; a PNG named `.jpg` is fine.
public final class InputFiles {
    /// Image formats the engine reads (ImageIO): the extensions offered in the file chooser.
    public static final List<String> IMAGE_EXTENSIONS = List.of("png", "jpg", "jpeg", "bmp", "gif");
    /// Sound formats offered in the file chooser (FFmpeg reads more; the content decides).
    public static final List<String> AUDIO_EXTENSIONS = List.of("wav", "mp3", "flac", "ogg", "m4a", "aac", "opus");
    /// The preview's height in pixels.
    public static final int PREVIEW_HEIGHT = 120;

    public enum Kind { IMAGE, AUDIO }

    /// A checked image: its size and a small preview.
    public record Image(Path file, int width, int height, ArgbImage preview) {
        public String describe() { return file.getFileName() + " · " + width + "×" + height; }
    }

    /// A checked sound: its length.
    public record Sound(Path file, double seconds) {
        public String describe() { return String.format(Locale.ROOT, "%s · %.2f s", file.getFileName(), seconds); }
    }

    private InputFiles() {}

    /// What the file's first bytes say it is; throws naming the file when it is neither an image nor a sound.
    public static Kind kind(Path file) {
        byte[] h = head(file);
        if (imageFormat(h) != null) return Kind.IMAGE;
        if (soundFormat(h) != null) return Kind.AUDIO;
        throw new IllegalArgumentException(file.getFileName() + " is neither an image (PNG, JPEG, BMP, GIF) nor a sound file (WAV, MP3, FLAC, "
                + "Ogg, M4A/AAC): its content starts with " + show(h));
    }

    /// Checks and decodes an image; throws naming the file and what is wrong.
    public static Image image(Path file) {
        byte[] h = head(file);
        if (imageFormat(h) == null) {
            throw new IllegalArgumentException(file.getFileName() + " is not an image: its content is not PNG, JPEG, BMP or GIF (it starts with "
                    + show(h) + ")");
        }
        try {
            ImageFiles.Rgb rgb = ImageFiles.read(file);
            return new Image(file, rgb.width(), rgb.height(), ArgbImage.fromRgb(rgb.rgb(), rgb.width(), rgb.height(), PREVIEW_HEIGHT));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(file.getFileName() + " looks like a " + imageFormat(h) + " image but cannot be decoded: " + e.getMessage());
        }
    }

    /// Checks a sound file and measures it; throws naming the file and what is wrong.
    public static Sound sound(Path file) {
        byte[] h = head(file);
        if (soundFormat(h) == null) {
            throw new IllegalArgumentException(file.getFileName() + " is not a sound file: its content is not WAV, MP3, FLAC, Ogg or M4A/AAC (it starts with "
                    + show(h) + ")");
        }
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            avutil.av_log_set_level(avutil.AV_LOG_ERROR);
            g.start();
            if (!g.hasAudio()) throw new IllegalArgumentException(file.getFileName() + " has no sound stream");
            double seconds = g.getLengthInTime() / 1e6;
            g.stop();
            return new Sound(file, seconds);
        } catch (FrameGrabber.Exception e) {
            throw new IllegalArgumentException(file.getFileName() + " looks like " + soundFormat(h) + " but FFmpeg cannot read it: " + e.getMessage());
        }
    }

    /// The image format the bytes begin with, or null.
    static String imageFormat(byte[] h) {
        if (starts(h, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) return "PNG";
        if (starts(h, 0xFF, 0xD8, 0xFF)) return "JPEG";
        if (starts(h, 'B', 'M') && h.length >= 14) return "BMP";
        if (starts(h, 'G', 'I', 'F', '8')) return "GIF";
        return null;
    }

    /// The sound format the bytes begin with, or null.
    static String soundFormat(byte[] h) {
        if (starts(h, 'R', 'I', 'F', 'F') && h.length >= 12 && h[8] == 'W' && h[9] == 'A' && h[10] == 'V' && h[11] == 'E') return "WAV";
        if (starts(h, 'f', 'L', 'a', 'C')) return "FLAC";
        if (starts(h, 'O', 'g', 'g', 'S')) return "Ogg";
        if (starts(h, 'I', 'D', '3')) return "MP3";
        if (h.length >= 2 && (h[0] & 0xFF) == 0xFF && (h[1] & 0xE0) == 0xE0 && (h[1] & 0x06) != 0) return "MP3";      // MPEG audio frame
        if (h.length >= 2 && (h[0] & 0xFF) == 0xFF && (h[1] & 0xF6) == 0xF0) return "AAC";                            // ADTS
        if (h.length >= 12 && h[4] == 'f' && h[5] == 't' && h[6] == 'y' && h[7] == 'p') return "M4A";
        return null;
    }

    private static byte[] head(Path file) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("cannot use " + file + ": not a readable file");
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(16);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static boolean starts(byte[] h, int... b) {
        if (h.length < b.length) return false;
        for (int i = 0; i < b.length; i++) if ((h[i] & 0xFF) != b[i]) return false;
        return true;
    }

    /// The first bytes as text when printable ('hello wo…'), else in hex.
    static String show(byte[] h) {
        if (h.length == 0) return "nothing (the file is empty)";
        boolean text = true;
        for (byte b : h) text &= b >= 0x20 && b < 0x7F || b == '\n' || b == '\r' || b == '\t';
        if (text) return "'" + new String(h, java.nio.charset.StandardCharsets.US_ASCII).replaceAll("\\s+", " ").strip() + "…' (text)";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(8, h.length); i++) sb.append(String.format("%02X ", h[i]));
        return "bytes " + sb.toString().strip();
    }
}
