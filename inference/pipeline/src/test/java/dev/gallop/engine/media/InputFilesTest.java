package dev.gallop.engine.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.pipeline.DecodedAudio;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The user's conditioning files: images through ImageIO, audio through FFmpeg (mono, resampled, trimmed).
class InputFilesTest {
    @TempDir Path dir;

    static Path stereoWav(Path f, int rate, double seconds, double hz, boolean opposite) throws IOException {
        int n = (int) Math.round(seconds * rate);
        float[] s = new float[2 * n];
        for (int i = 0; i < n; i++) {
            float v = (float) (0.5 * Math.sin(2 * Math.PI * hz * i / rate));
            s[2 * i] = v;
            s[2 * i + 1] = opposite ? -v : v;
        }
        WavWriter.write(f, new DecodedAudio(s, 2, rate));
        return f;
    }

    @Test void audioIsResampledToTheEncoderRateAndMixedToMono() throws IOException {
        Path wav = stereoWav(dir.resolve("a.wav"), 44100, 0.5, 440, false);
        float[] mono = AudioFiles.readMono(wav, 51200, 30);
        assertEquals(25600, mono.length, 64, "0.5 s at 51.2 kHz");
        int crossings = 0;
        for (int i = 1000; i < mono.length - 1000; i++) if (mono[i - 1] < 0 && mono[i] >= 0) crossings++;
        double hz = crossings / ((mono.length - 2000) / 51200.0);
        assertEquals(440, hz, 5, "the tone keeps its pitch");
        float peak = 0;
        for (float v : mono) peak = Math.max(peak, Math.abs(v));
        assertEquals(0.5, peak, 0.02);

        float[] cancelled = AudioFiles.readMono(stereoWav(dir.resolve("b.wav"), 44100, 0.5, 440, true), 51200, 30);
        for (float v : cancelled) assertEquals(0, v, 1e-3, "left and right in opposite phase mix to silence");
    }

    @Test void audioIsTrimmedToTheRequestedLength() throws IOException {
        Path wav = stereoWav(dir.resolve("a.wav"), 22050, 1.0, 300, false);
        assertEquals(12800, AudioFiles.readMono(wav, 51200, 0.25).length);
        float[] st = AudioFiles.toStereo(new float[] {1, 2});
        assertArrayEquals(new float[] {1, 1, 2, 2}, st);
    }

    @Test void audioThatIsNotAudioIsRefusedByName() throws IOException {
        Path junk = Files.writeString(dir.resolve("voice.mp3"), "not audio at all");
        IOException e = assertThrows(IOException.class, () -> AudioFiles.readMono(junk, 51200, 30));
        assertTrue(e.getMessage().contains(junk.toString()) && e.getMessage().contains("cannot be decoded"), e.getMessage());
        IOException missing = assertThrows(IOException.class, () -> AudioFiles.readMono(dir.resolve("none.wav"), 51200, 30));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        Path png = dir.resolve("still.png");
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", png.toFile());
        IOException still = assertThrows(IOException.class, () -> AudioFiles.readMono(png, 51200, 30));
        assertTrue(still.getMessage().contains(png.toString()), still.getMessage());
    }

    @Test void imagesDecodeToPackedRgbLikePilsConvertRgb() throws IOException {
        BufferedImage rgb = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, 0x102030);
        rgb.setRGB(2, 1, 0xfa0b7c);
        Path p = dir.resolve("c.png");
        ImageIO.write(rgb, "png", p.toFile());
        ImageFiles.Rgb c = ImageFiles.read(p);
        assertEquals(3, c.width());
        assertEquals(2, c.height());
        assertEquals(0x10, c.rgb()[0]);
        assertEquals(0x20, c.rgb()[1]);
        assertEquals(0x30, c.rgb()[2]);
        assertEquals((byte) 0xfa, c.rgb()[15]);
        assertEquals(0x0b, c.rgb()[16]);
        assertEquals(0x7c, c.rgb()[17]);

        BufferedImage grey = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(0, 0, 0, 77);
        grey.getRaster().setSample(1, 0, 0, 200);
        ImageIO.write(grey, "png", dir.resolve("g.png").toFile());
        assertArrayEquals(new byte[] {77, 77, 77, (byte) 200, (byte) 200, (byte) 200}, ImageFiles.read(dir.resolve("g.png")).rgb(),
                "grey is replicated, not colour-managed");

        BufferedImage alpha = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        alpha.setRGB(0, 0, 0x00405060);          // fully transparent: the colour is kept, not composited
        ImageIO.write(alpha, "png", dir.resolve("a.png").toFile());
        assertArrayEquals(new byte[] {0x40, 0x50, 0x60}, ImageFiles.read(dir.resolve("a.png")).rgb());

        ImageIO.write(rgb, "jpg", dir.resolve("c.jpg").toFile());
        assertEquals(18, ImageFiles.read(dir.resolve("c.jpg")).rgb().length);
    }

    @Test void filesThatAreNotImagesAreRefusedByName() throws IOException {
        Path junk = Files.writeString(dir.resolve("photo.png"), "hello");
        IOException e = assertThrows(IOException.class, () -> ImageFiles.read(junk));
        assertTrue(e.getMessage().contains(junk.toString()) && e.getMessage().contains("cannot be decoded")
                && e.getMessage().contains("png"), e.getMessage());
        IOException missing = assertThrows(IOException.class, () -> ImageFiles.read(dir.resolve("none.jpg")));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }
}
