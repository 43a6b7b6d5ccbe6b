package dev.gallop.engine.media;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/// The EXIF orientation of a JPEG (tag 0x0112 of IFD0 in its APP1 "Exif" segment) and the flip or rotation that turns
/// the stored pixels upright, as the reference's image loader applies it (PIL's `ImageOps.exif_transpose`) before the
/// centre crop. Values 1–8 as in the EXIF/TIFF specification: 1 as stored, 2 mirrored, 3 rotated 180°, 4 flipped
/// vertically, 5 transposed, 6 to be rotated 90° clockwise, 7 transversed, 8 to be rotated 90° counter-clockwise.
public final class ExifOrientation {
    private ExifOrientation() {}

    /// As stored: no tag, or a tag that cannot be used.
    public static final int AS_STORED = 1;

    private static final int ORIENTATION_TAG = 0x0112, SHORT = 3;

    /// The orientation `file` declares, or [#AS_STORED] when it is not a JPEG, has no EXIF orientation, or its EXIF
    /// data is malformed or gives a value outside 1–8 (the pixels are then used as stored, as PIL does).
    public static int read(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return read(new DataInputStream(in));
        } catch (EOFException e) {
            return AS_STORED;   // a JPEG that ends inside its headers: the image decoder reports what is wrong with it
        }
    }

    /// Walks the marker segments up to the image data, looking for APP1 "Exif".
    private static int read(DataInputStream in) throws IOException {
        if (in.readUnsignedByte() != 0xFF || in.readUnsignedByte() != 0xD8) return AS_STORED;   // not a JPEG
        while (true) {
            int b = in.readUnsignedByte();
            if (b != 0xFF) return AS_STORED;
            int marker;
            do {
                marker = in.readUnsignedByte();    // fill bytes 0xFF may precede a marker
            } while (marker == 0xFF);
            if (marker == 0xDA || marker == 0xD9) return AS_STORED;      // start of scan / end of image: no EXIF before
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue;   // markers without a length
            int length = in.readUnsignedShort();
            if (length < 2) return AS_STORED;
            byte[] payload = new byte[length - 2];
            in.readFully(payload);
            if (marker == 0xE1 && isExif(payload)) return fromTiff(ByteBuffer.wrap(payload, 6, payload.length - 6).slice());
        }
    }

    private static boolean isExif(byte[] p) {
        return p.length >= 6 && p[0] == 'E' && p[1] == 'x' && p[2] == 'i' && p[3] == 'f' && p[4] == 0 && p[5] == 0;
    }

    /// The orientation entry of IFD0 in a TIFF structure (offsets relative to its start).
    static int fromTiff(ByteBuffer t) {
        if (t.remaining() < 8) return AS_STORED;
        if (t.get(0) == 'I' && t.get(1) == 'I') t.order(ByteOrder.LITTLE_ENDIAN);
        else if (t.get(0) == 'M' && t.get(1) == 'M') t.order(ByteOrder.BIG_ENDIAN);
        else return AS_STORED;
        if (Short.toUnsignedInt(t.getShort(2)) != 42) return AS_STORED;
        long ifd = Integer.toUnsignedLong(t.getInt(4));
        if (ifd < 8 || ifd + 2 > t.limit()) return AS_STORED;
        int entries = Short.toUnsignedInt(t.getShort((int) ifd));
        for (int i = 0; i < entries; i++) {
            long e = ifd + 2 + 12L * i;
            if (e + 12 > t.limit()) return AS_STORED;
            int at = (int) e;
            if (Short.toUnsignedInt(t.getShort(at)) != ORIENTATION_TAG) continue;
            if (Short.toUnsignedInt(t.getShort(at + 2)) != SHORT || t.getInt(at + 4) != 1) return AS_STORED;
            int v = Short.toUnsignedInt(t.getShort(at + 8));
            return v >= 1 && v <= 8 ? v : AS_STORED;
        }
        return AS_STORED;
    }

    /// `img` turned upright for `orientation` (1–8; anything else returns `img`). Orientations 5–8 swap width and height.
    public static ImageFiles.Rgb apply(ImageFiles.Rgb img, int orientation) {
        if (orientation < 2 || orientation > 8) return img;
        int w = img.width(), h = img.height();
        boolean swap = orientation >= 5;
        int ow = swap ? h : w, oh = swap ? w : h;
        byte[] src = img.rgb(), out = new byte[src.length];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                int sx, sy;                               // the stored pixel shown at (x, y)
                switch (orientation) {
                    case 2 -> { sx = w - 1 - x; sy = y; }
                    case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }
                    case 4 -> { sx = x; sy = h - 1 - y; }
                    case 5 -> { sx = y; sy = x; }
                    case 6 -> { sx = y; sy = h - 1 - x; }
                    case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }
                    default -> { sx = w - 1 - y; sy = x; }    // 8
                }
                System.arraycopy(src, (sy * w + sx) * 3, out, (y * ow + x) * 3, 3);
            }
        }
        return new ImageFiles.Rgb(out, ow, oh);
    }
}
