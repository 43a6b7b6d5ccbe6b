package dev.gallop.engine.io.pickle;

import dev.gallop.engine.io.safetensors.Checkpoint;
import dev.gallop.engine.io.safetensors.TensorInfo;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/// A PyTorch `.pth` / `.ckpt` / `.pt` zip archive seen through the [Checkpoint] interface, read with the restricted
/// unpickler. Nested dicts are flattened with `.` (`{"ema_state_dict": {"conv.weight": t}}` gives
/// `ema_state_dict.conv.weight`), or one top-level entry is chosen as the root with [#open(Path, String)]; list items
/// are keyed by index. Scalars (ints, floats, strings) become [#metadata()]. Tensor bytes are read from the archive on
/// first use and returned as little-endian contiguous bytes (strided views are copied); they stay valid until close.
///
/// Flattening is bounded like the unpickler: it visits at most [#NODES_PER_BYTE] values per pickle byte (a tuple
/// whose children are shared is walked once per path, so a small pickle could otherwise ask for 2^64 visits), makes
/// keys of at most [#MAX_KEY_CHARS] characters and at most [#KEY_CHARS_PER_BYTE] key characters per pickle byte.
public final class PickleCheckpoint implements Checkpoint {
    private static final int MAX_DEPTH = 64;
    static final long NODES_PER_BYTE = 16, KEY_CHARS_PER_BYTE = 256, BASE_WORK = 1 << 20;
    static final int MAX_KEY_CHARS = 4096;

    /// What flattening may still visit and spell.
    private static final class Walk {
        final Path file;
        long nodes, chars;

        Walk(Path file, long pickleBytes) {
            this.file = file;
            this.nodes = NODES_PER_BYTE * pickleBytes + BASE_WORK;
            this.chars = KEY_CHARS_PER_BYTE * pickleBytes + BASE_WORK;
        }

        void visit(String prefix) throws PickleException {
            if (--nodes < 0) {
                throw new PickleException(file + ": the pickled object has more values than its size allows (walk limit,"
                        + " shared tuples counted once per path) at '" + shorten(prefix) + "'; it is malformed or hostile");
            }
        }

        String key(String prefix, String key) throws PickleException {
            long len = (long) prefix.length() + 1 + key.length();
            if (len > MAX_KEY_CHARS) {
                throw new PickleException(file + ": a key under '" + shorten(prefix) + "' is " + len + " characters long (limit "
                        + MAX_KEY_CHARS + ")");
            }
            chars -= len;
            if (chars < 0) throw new PickleException(file + ": the keys of the pickled object are longer in all than its size allows (limit)");
            return prefix.isEmpty() ? key : prefix + "." + key;
        }

        private static String shorten(String s) { return s.length() > 120 ? s.substring(0, 120) + "..." : s; }
    }

    private final TorchArchive archive;
    private final Map<String, TorchTensor> tensors;
    private final Map<String, TensorInfo> infos;
    private final Map<String, String> metadata;
    private final Arena arena = Arena.ofShared();
    private final Map<String, MemorySegment> storages = new HashMap<>();
    private final Map<String, MemorySegment> data = new HashMap<>();

    private PickleCheckpoint(TorchArchive archive, Map<String, TorchTensor> tensors, Map<String, TensorInfo> infos,
                             Map<String, String> metadata) {
        this.archive = archive;
        this.tensors = tensors;
        this.infos = infos;
        this.metadata = metadata;
    }

    /// Opens `file` with every tensor of the pickled object, nested keys joined with `.`.
    public static PickleCheckpoint open(Path file) throws IOException { return open(file, null); }

    /// Opens `file` using only the top-level entry `rootKey` (e.g. `ema_state_dict`), or everything when null.
    public static PickleCheckpoint open(Path file, String rootKey) throws IOException {
        TorchArchive a = TorchArchive.open(file);
        try {
            Object root = a.root();
            if (rootKey != null) {
                if (!(root instanceof Map<?, ?> m) || !m.containsKey(rootKey)) {
                    throw new PickleException(file + ": has no top-level entry '" + rootKey + "'; it holds " + topKeys(root));
                }
                root = m.get(rootKey);
            }
            Map<String, TorchTensor> tensors = new LinkedHashMap<>();
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("format", "pytorch-zip");
            if (rootKey != null) meta.put("root", rootKey);
            flatten(new Walk(file, a.pickleBytes()), root, "", 0, tensors, meta, Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
            Map<String, TensorInfo> infos = new LinkedHashMap<>();
            for (var e : tensors.entrySet()) infos.put(e.getKey(), info(file, e.getKey(), e.getValue()));
            return new PickleCheckpoint(a, Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(infos),
                    Collections.unmodifiableMap(meta));
        } catch (IOException | RuntimeException e) {
            a.close();
            throw e;
        }
    }

    private static void flatten(Walk walk, Object o, String prefix, int depth, Map<String, TorchTensor> out,
                                Map<String, String> meta, Set<Object> seen) throws PickleException {
        Path file = walk.file;
        walk.visit(prefix);
        if (depth > MAX_DEPTH) throw new PickleException(file + ": nested deeper than " + MAX_DEPTH + " levels at '" + prefix + "'");
        switch (o) {
            case TorchTensor t -> {
                if (prefix.isEmpty()) throw new PickleException(file + ": holds a single tensor, not a dict of tensors");
                out.put(prefix, t);
            }
            case Map<?, ?> m -> {
                if (!seen.add(m)) return;
                for (var e : m.entrySet()) {
                    if (!(e.getKey() instanceof String) && !(e.getKey() instanceof Long)) continue;
                    flatten(walk, e.getValue(), walk.key(prefix, String.valueOf(e.getKey())), depth + 1, out, meta, seen);
                }
            }
            case java.util.List<?> l -> {
                if (!seen.add(l)) return;
                for (int i = 0; i < l.size(); i++) flatten(walk, l.get(i), walk.key(prefix, Integer.toString(i)), depth + 1, out, meta, seen);
            }
            case Py.Tuple t -> {
                for (int i = 0; i < t.size(); i++) flatten(walk, t.get(i), walk.key(prefix, Integer.toString(i)), depth + 1, out, meta, seen);
            }
            case String s -> { if (!prefix.isEmpty()) meta.put(prefix, s.length() > 200 ? s.substring(0, 200) + "..." : s); }
            case Long l -> { if (!prefix.isEmpty()) meta.put(prefix, l.toString()); }
            case Double d -> { if (!prefix.isEmpty()) meta.put(prefix, d.toString()); }
            case Boolean b -> { if (!prefix.isEmpty()) meta.put(prefix, b.toString()); }
            case null, default -> { }
        }
    }

    private static String topKeys(Object root) {
        if (!(root instanceof Map<?, ?> m)) return "a " + Py.typeName(root) + ", not a dict";
        return m.keySet().stream().limit(20).map(k -> k instanceof String s ? s : Py.typeName(k)).toList().toString();
    }

    private static TensorInfo info(Path file, String key, TorchTensor t) throws PickleException {
        for (long d : t.size()) {
            if (d > Integer.MAX_VALUE) throw new PickleException(file + ": tensor '" + key + "' has a dimension of " + d);
        }
        String dt = t.storage().dtypeName();
        DType dtype = switch (dt) {
            case "F32" -> DType.F32;
            case "BF16" -> DType.BF16;
            case "F16" -> DType.F16;
            default -> null;
        };
        return new TensorInfo(key, dtype, Shape.of(t.size()), 0, t.byteSize(), dt);
    }

    /// The strided view behind `key` (storage, offset, sizes, strides), as pickled.
    public TorchTensor tensor(String key) {
        TorchTensor t = tensors.get(key);
        if (t == null) throw new IllegalArgumentException(archive.file() + ": no tensor '" + key + "'");
        return t;
    }

    @Override public Path path() { return archive.file(); }

    @Override public Set<String> keys() { return tensors.keySet(); }

    @Override public boolean contains(String key) { return tensors.containsKey(key); }

    @Override public TensorInfo info(String key) {
        tensor(key);
        return infos.get(key);
    }

    /// Little-endian contiguous bytes of `key`. An archive that cannot be read here is an [UncheckedIOException]
    /// wrapping the [PickleException] that names the file and the storage.
    @Override public synchronized MemorySegment data(String key) {
        TorchTensor t = tensor(key);
        MemorySegment cached = data.get(key);
        if (cached != null) return cached;
        try {
            MemorySegment s = storages.get(t.storage().key());
            if (s == null) {
                s = archive.readStorage(t.storage(), arena);
                storages.put(t.storage().key(), s);
            }
            MemorySegment out = StridedCopy.contiguous(t, s, arena).asReadOnly();
            data.put(key, out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override public Path fileOf(String key) {
        tensor(key);
        return archive.file();
    }

    @Override public Map<String, String> metadata() { return metadata; }

    @Override public synchronized void close() {
        archive.close();
        arena.close();
    }

    @Override public String toString() { return "PickleCheckpoint(" + archive.file() + ", " + tensors.size() + " tensors)"; }
}
