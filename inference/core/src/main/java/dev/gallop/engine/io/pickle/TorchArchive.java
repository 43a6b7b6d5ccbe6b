package dev.gallop.engine.io.pickle;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/// A PyTorch `torch.save` zip archive (`<name>/data.pkl` plus one `<name>/data/<key>` entry per storage), read with
/// the [RestrictedUnpickler]. The legacy (pre-1.6, non-zip) format is recognised and refused with a clear message.
/// Storage bytes are read only when asked for.
public final class TorchArchive implements AutoCloseable {
    static final long MAX_PICKLE_BYTES = 64L << 20;
    private static final BigInteger LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);

    private final Path file;
    private final ZipFile zip;
    private final String prefix;
    private final Object root;
    private final long pickleBytes;

    private TorchArchive(Path file, ZipFile zip, String prefix, Object root, long pickleBytes) {
        this.file = file;
        this.zip = zip;
        this.prefix = prefix;
        this.root = root;
        this.pickleBytes = pickleBytes;
    }

    /// Opens `file` and unpickles its `data.pkl` (no storage is read yet).
    public static TorchArchive open(Path file) throws IOException {
        byte[] head = new byte[4];
        try (InputStream s = Files.newInputStream(file)) {
            int n = s.readNBytes(head, 0, 4);
            if (n < 4) throw new PickleException(file + ": not a PyTorch checkpoint (only " + n + " bytes)");
        }
        if (head[0] != 'P' || head[1] != 'K' || head[2] != 3 || head[3] != 4) refuseNonZip(file, head);
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new PickleException(file + ": not a readable PyTorch zip archive: " + e.getMessage(), e);
        }
        try {
            String pkl = findDataPkl(file, zip);
            String prefix = pkl.substring(0, pkl.length() - "data.pkl".length());
            checkByteOrder(file, zip, prefix);
            byte[] data = readSmall(file, zip, pkl, MAX_PICKLE_BYTES);
            Object root = RestrictedUnpickler.load(data, file.toString());
            return new TorchArchive(file, zip, prefix, root, data.length);
        } catch (IOException | RuntimeException e) {
            zip.close();
            if (e instanceof PickleException p) throw p;
            throw new PickleException(file + ": malformed zip archive: " + e.getMessage(), e);
        }
    }

    public Path file() { return file; }

    /// The unpickled top-level object (usually a dict).
    public Object root() { return root; }

    /// The length of `data.pkl`: what walking [#root()] may cost is bounded by it.
    long pickleBytes() { return pickleBytes; }

    /// Copies the bytes of `s` into `arena`; checks the entry holds exactly `numel × element size` bytes.
    MemorySegment readStorage(TorchStorage s, Arena arena) throws IOException {
        String name = prefix + "data/" + s.key();
        try {
            ZipEntry e = zip.getEntry(name);
            if (e == null) throw new PickleException(file + ": storage '" + s.key() + "' has no entry " + name);
            long want = s.byteSize();
            long cap = e.getMethod() == ZipEntry.STORED ? Files.size(file) : Math.min(Files.size(file) * 8 + 65536, Long.MAX_VALUE);
            if (want > cap || (e.getSize() >= 0 && e.getSize() != want)) {
                throw new PickleException(file + ": storage entry " + name + " holds " + e.getSize() + " bytes but the pickle"
                        + " describes " + s.numel() + " × " + s.dtypeName() + " = " + want + " bytes (truncated or corrupt?)");
            }
            MemorySegment seg = arena.allocate(Math.max(1, want), 64).asSlice(0, want);
            try (InputStream in = zip.getInputStream(e)) {
                byte[] buf = new byte[1 << 20];
                long off = 0;
                while (off < want) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, want - off));
                    if (n < 0) throw new PickleException(file + ": storage entry " + name + " ends after " + off + " of " + want + " bytes");
                    MemorySegment.copy(buf, 0, seg, ValueLayout.JAVA_BYTE, off, n);
                    off += n;
                }
            }
            return seg;
        } catch (IOException e) {
            if (e instanceof PickleException) throw e;
            throw new PickleException(file + ": cannot read storage entry " + name + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new PickleException(file + ": cannot read storage entry " + name + ": " + e, e);
        }
    }

    @Override public void close() {
        try {
            zip.close();
        } catch (IOException ignored) {
            // read-only archive; nothing to flush
        }
    }

    private static String findDataPkl(Path file, ZipFile zip) throws PickleException {
        List<String> found = new ArrayList<>();
        Enumeration<? extends ZipEntry> en = zip.entries();
        while (en.hasMoreElements()) {
            String n = en.nextElement().getName();
            if (n.endsWith("/data.pkl") && n.indexOf('/') == n.length() - "/data.pkl".length()) found.add(n);
            if (n.equals("data.pkl")) found.add(n);
        }
        if (found.size() != 1) {
            throw new PickleException(file + ": a PyTorch archive holds exactly one <name>/data.pkl; found " + found.size());
        }
        return found.getFirst();
    }

    private static void checkByteOrder(Path file, ZipFile zip, String prefix) throws IOException {
        if (zip.getEntry(prefix + "byteorder") == null) return; // older torch: always little-endian
        String order = new String(readSmall(file, zip, prefix + "byteorder", 64), StandardCharsets.US_ASCII).trim();
        if (!order.equals("little")) {
            throw new PickleException(file + ": archive byteorder is '" + order + "'; only little-endian checkpoints are supported");
        }
    }

    private static byte[] readSmall(Path file, ZipFile zip, String name, long max) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) throw new PickleException(file + ": archive has no entry " + name);
        if (e.getSize() > max) throw new PickleException(file + ": entry " + name + " is " + e.getSize() + " bytes (limit " + max + ")");
        try (InputStream in = zip.getInputStream(e)) {
            byte[] b = in.readNBytes((int) max + 1);
            if (b.length > max) throw new PickleException(file + ": entry " + name + " is larger than " + max + " bytes");
            return b;
        }
    }

    private static void refuseNonZip(Path file, byte[] head) throws IOException {
        if ((head[0] & 0xff) != 0x80) {
            throw new PickleException(file + ": not a PyTorch checkpoint (neither a torch.save zip archive nor a pickle)");
        }
        // Legacy torch.save: a pickled magic number, then more pickles and raw storages. Read only the first pickle,
        // with the restricted reader, so a disguised payload is refused by name.
        long size = Files.size(file);
        byte[] first;
        try (InputStream s = Files.newInputStream(file)) {
            first = s.readNBytes((int) Math.min(size, 4096));
        }
        Object magic = RestrictedUnpickler.load(first, file.toString());
        String what = LEGACY_MAGIC.equals(magic) ? "the legacy (pre-1.6) torch.save format"
                : "a plain pickle, not a torch.save archive";
        throw new PickleException(file + ": is " + what + ", which Gallop does not read (pickle code is never executed);"
                + " re-save it with a current torch.save, or convert it to .safetensors");
    }
}
