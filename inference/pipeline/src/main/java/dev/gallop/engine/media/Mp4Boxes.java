package dev.gallop.engine.media;

import dev.gallop.engine.io.output.AtomicOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;

/// The final check of a written MP4 (or QuickTime file, the same box structure): its top-level boxes follow each other to exactly the end of the file, and the
/// `ftyp`, `moov` (the index a player needs) and `mdat` (the media) boxes are there. A file cut short anywhere, or
/// whose index was never written, fails it.
public final class Mp4Boxes {
    private Mp4Boxes() {}

    public static void check(AtomicOutput out) throws IOException {
        long size = out.size(), at = 0;
        Set<String> seen = new HashSet<>();
        ByteBuffer head = ByteBuffer.allocate(16);
        while (at < size) {
            head.clear().limit((int) Math.min(16, size - at));
            out.read(head, at);
            if (head.position() < 8) throw incomplete(out, "a box header at byte " + at + " is cut short");
            long len = Integer.toUnsignedLong(head.getInt(0));
            String type = new String(new byte[] {head.get(4), head.get(5), head.get(6), head.get(7)}, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (len == 1) {
                if (head.position() < 16) throw incomplete(out, "box '" + type + "' at byte " + at + " is cut short");
                len = head.getLong(8);
            } else if (len == 0) {
                len = size - at;
            }
            if (len < 8 || at + len > size) {
                throw incomplete(out, "box '" + type + "' at byte " + at + " claims " + len + " bytes but the file ends at " + size);
            }
            seen.add(type);
            at += len;
        }
        for (String need : new String[] {"ftyp", "moov", "mdat"}) {
            if (!seen.contains(need)) throw incomplete(out, "it has no '" + need + "' box");
        }
    }

    private static IOException incomplete(AtomicOutput out, String why) {
        return new IOException("the MP4 written for " + out.target() + " is incomplete: " + why);
    }
}
