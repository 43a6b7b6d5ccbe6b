package dev.gallop.engine.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/// JPEGs carrying each EXIF orientation (1–8, both TIFF byte orders) come out upright: the test draws the upright
/// picture, stores it the way a camera with that orientation would (with java.awt transforms, not the code under
/// test), writes it as a JPEG with an APP1 Exif segment, and checks what [ImageFiles#read] returns.
class ExifOrientationTest {
    @TempDir Path dir;

    /// The upright picture: 48 × 32, quadrants red, green / blue, white (every one of the 8 orientations maps them
    /// to a different arrangement, and 5–8 swap width and height).
    static final int W = 48, H = 32;
    static final int[] QUADRANTS = {0xdd2222, 0x22dd22, 0x2222dd, 0xeeeeee};

    static BufferedImage upright() {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < H; y++) for (int x = 0; x < W; x++) img.setRGB(x, y, QUADRANTS[(y < H / 2 ? 0 : 2) + (x < W / 2 ? 0 : 1)]);
        return img;
    }

    /// The pixels a camera stores for `orientation` when the scene is `shown` (EXIF: orientation 6 means "rotate
    /// the stored image 90° clockwise to show it", so it stores the scene rotated 90° counter-clockwise).
    static BufferedImage stored(BufferedImage shown, int orientation) {
        int w = shown.getWidth(), h = shown.getHeight();
        AffineTransform t = switch (orientation) {
            case 1 -> new AffineTransform();
            case 2 -> new AffineTransform(-1, 0, 0, 1, w, 0);             // mirror
            case 3 -> new AffineTransform(-1, 0, 0, -1, w, h);            // 180°
            case 4 -> new AffineTransform(1, 0, 0, -1, 0, h);             // flip vertically
            case 5 -> new AffineTransform(0, 1, 1, 0, 0, 0);              // transpose (its own inverse)
            case 6 -> new AffineTransform(0, -1, 1, 0, 0, w);             // 90° counter-clockwise
            case 7 -> new AffineTransform(0, -1, -1, 0, h, w);            // transverse (its own inverse)
            case 8 -> new AffineTransform(0, 1, -1, 0, h, 0);             // 90° clockwise
            default -> throw new IllegalArgumentException("orientation " + orientation);
        };
        boolean swap = orientation >= 5;
        BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
        return new AffineTransformOp(t, AffineTransformOp.TYPE_NEAREST_NEIGHBOR).filter(shown, out);
    }

    /// A JPEG of `img` with an APP1 Exif segment (after the JFIF APP0) whose IFD0 holds a Make entry, then the
    /// orientation `value` (written as `type`, normally 3 = SHORT).
    static byte[] jpegWithExif(BufferedImage img, int value, ByteOrder order, int type) throws IOException {
        ByteArrayOutputStream jpg = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", jpg);
        byte[] j = jpg.toByteArray();
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 2 * 12 + 4).order(order);
        tiff.put(order == ByteOrder.LITTLE_ENDIAN ? new byte[] {'I', 'I'} : new byte[] {'M', 'M'}).putShort((short) 42).putInt(8);
        tiff.putShort((short) 2);
        tiff.putShort((short) 0x010F).putShort((short) 2).putInt(4).put(new byte[] {'A', 'b', 'c', 0});   // Make "Abc"
        tiff.putShort((short) 0x0112).putShort((short) type).putInt(1).putShort((short) value).putShort((short) 0);
        tiff.putInt(0);
        byte[] payload = new byte[6 + tiff.capacity()];
        System.arraycopy(new byte[] {'E', 'x', 'i', 'f', 0, 0}, 0, payload, 0, 6);
        System.arraycopy(tiff.array(), 0, payload, 6, tiff.capacity());
        int app0 = 2 + 2 + (((j[4] & 0xff) << 8) | (j[5] & 0xff));     // SOI, then the APP0 marker and its length
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(j, 0, app0);
        out.write(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) ((payload.length + 2) >> 8), (byte) (payload.length + 2)});
        out.write(payload);
        out.write(j, app0, j.length - app0);
        return out.toByteArray();
    }

    /// The colour at the centre of each quadrant of `c`, which must be the upright W × H picture.
    static void assertUpright(ImageFiles.Rgb c, String what) {
        assertEquals(W + "x" + H, c.width() + "x" + c.height(), what);
        int[][] centres = {{W / 4, H / 4}, {3 * W / 4, H / 4}, {W / 4, 3 * H / 4}, {3 * W / 4, 3 * H / 4}};
        for (int q = 0; q < 4; q++) {
            int o = (centres[q][1] * W + centres[q][0]) * 3;
            for (int ch = 0; ch < 3; ch++) {
                int want = (QUADRANTS[q] >> (16 - 8 * ch)) & 0xff, got = c.rgb()[o + ch] & 0xff;
                assertTrue(Math.abs(want - got) <= 24, what + ": quadrant " + q + " channel " + ch + " is " + got + ", expected " + want);
            }
        }
    }

    @ParameterizedTest @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void eachOrientationComesOutUpright(int orientation) throws IOException {
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            Path f = Files.write(dir.resolve("o" + orientation + order + ".jpg"), jpegWithExif(stored(upright(), orientation), orientation, order, 3));
            assertEquals(orientation, ExifOrientation.read(f));
            assertUpright(ImageFiles.read(f), "orientation " + orientation + " " + order);
        }
    }

    @Test void withoutAUsableTagThePixelsAreUsedAsStored() throws IOException {
        BufferedImage img = upright();
        Path none = dir.resolve("none.jpg");
        ImageIO.write(img, "jpg", none.toFile());
        assertEquals(1, ExifOrientation.read(none));
        assertUpright(ImageFiles.read(none), "no EXIF");
        Path outOfRange = Files.write(dir.resolve("nine.jpg"), jpegWithExif(img, 9, ByteOrder.BIG_ENDIAN, 3));
        assertEquals(1, ExifOrientation.read(outOfRange));
        assertUpright(ImageFiles.read(outOfRange), "orientation 9");
        Path wrongType = Files.write(dir.resolve("long.jpg"), jpegWithExif(img, 6, ByteOrder.LITTLE_ENDIAN, 4));
        assertEquals(1, ExifOrientation.read(wrongType), "an orientation that is not a SHORT is not trusted");
        Path png = dir.resolve("p.png");
        ImageIO.write(img, "png", png.toFile());
        assertEquals(1, ExifOrientation.read(png));
    }

    @Test void aTruncatedExifSegmentIsIgnored() {
        byte[] tiff = {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 3, 1, 18};   // IFD0 says 3 entries, the data ends inside the first
        assertEquals(1, ExifOrientation.fromTiff(ByteBuffer.wrap(tiff)));
        assertEquals(1, ExifOrientation.fromTiff(ByteBuffer.wrap(new byte[] {'I', 'I', 42, 0, (byte) 0xff, (byte) 0xff, 0, 0})),
                "an IFD offset past the end");
        assertEquals(1, ExifOrientation.fromTiff(ByteBuffer.wrap(new byte[] {'X', 'X', 0, 42, 0, 0, 0, 8})));
    }
}
