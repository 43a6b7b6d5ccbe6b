package dev.gallop.engine.media;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;

/// Reads a reference image (PNG, JPEG, BMP, GIF: what ImageIO decodes) into packed 8-bit RGB, as the reference's
/// `load_image(...).convert("RGB")` sees it: alpha is dropped (not composited), grey is replicated into R, G and B.
/// A JPEG's EXIF orientation is applied ([ExifOrientation]), so a phone photo taken upright is upright here too.
public final class ImageFiles {
    private ImageFiles() {}

    /// A decoded image: packed RGB bytes [height, width, 3].
    public record Rgb(byte[] rgb, int width, int height) {}

    public static Rgb read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException("image file " + file + " does not exist");
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new IOException("image file " + file + " cannot be decoded: " + e.getMessage(), e);
        }
        if (img == null) {
            throw new IOException("image file " + file + " cannot be decoded: it is not an image format this build reads (readers: "
                    + String.join(", ", Arrays.stream(ImageIO.getReaderFormatNames()).map(String::toLowerCase).distinct().sorted().toList())
                    + "); use a PNG or JPEG file");
        }
        int w = img.getWidth(), h = img.getHeight();
        if (w < 1 || h < 1) throw new IOException("image file " + file + " has no pixels (" + w + "×" + h + ")");
        byte[] out = new byte[w * h * 3];
        Raster r = img.getRaster();
        boolean grey = r.getNumBands() <= 2 && img.getColorModel().getComponentSize(0) == 8;
        int[] px = new int[r.getNumBands()];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int o = (y * w + x) * 3;
                if (grey) {
                    byte v = (byte) r.getPixel(x, y, px)[0];
                    out[o] = v;
                    out[o + 1] = v;
                    out[o + 2] = v;
                } else {
                    int argb = img.getRGB(x, y);
                    out[o] = (byte) (argb >> 16);
                    out[o + 1] = (byte) (argb >> 8);
                    out[o + 2] = (byte) argb;
                }
            }
        }
        return ExifOrientation.apply(new Rgb(out, w, h), ExifOrientation.read(file));
    }
}
