package dev.gallop.engine.randommodel;

import dev.gallop.engine.io.safetensors.Checkpoint;
import dev.gallop.engine.io.safetensors.TensorInfo;
import dev.gallop.engine.models.magihuman.MagiHumanConfig;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Floats;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/// A DiT checkpoint of seeded random weights made on demand, tensor by tensor, where it is read: a benchmark loads
/// the real 15B config (30 GB in bf16) without a file and without holding more than one tensor on the host at a time
/// (each [#data] call makes a fresh segment; the loader copies it to the device, or keeps it on the CPU).
///
/// Values are uniform with the standard deviation of [DitTensors] (GEMM weights 1/√in), from a counter-based hash of
/// (seed, key, index): the same for every run and thread count.
public final class RandomCheckpoint implements Checkpoint {
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final MagiHumanConfig cfg;
    private final long seed;
    private final Map<String, DitTensors.Entry> entries = new LinkedHashMap<>();
    private final Map<String, TensorInfo> infos = new LinkedHashMap<>();

    public RandomCheckpoint(MagiHumanConfig cfg, long seed) {
        this.cfg = cfg;
        this.seed = seed;
        long offset = 0;
        for (DitTensors.Entry e : DitTensors.of(cfg)) {
            DType t = e.kind() == DitTensors.Kind.MATRIX ? DType.BF16 : DType.F32;
            long bytes = e.shape().numel() * t.bytes();
            entries.put(e.key(), e);
            infos.put(e.key(), new TensorInfo(e.key(), t, e.shape(), offset, offset + bytes));
            offset += bytes;
        }
    }

    @Override public Path path() { return Path.of("random-" + cfg.layers() + "-layer-dit-seed-" + seed); }

    @Override public Set<String> keys() { return Collections.unmodifiableSet(infos.keySet()); }

    @Override public TensorInfo info(String key) {
        TensorInfo i = infos.get(key);
        if (i == null) throw new IllegalArgumentException(path() + ": no tensor '" + key + "'");
        return i;
    }

    @Override public MemorySegment data(String key) {
        TensorInfo info = info(key);
        DitTensors.Entry e = entries.get(key);
        long n = info.shape().numel();
        MemorySegment s = Arena.ofAuto().allocate(info.byteSize(), 8);
        if (e.kind() == DitTensors.Kind.BANDS) {
            MemorySegment.copy(DitTensors.bands(cfg), 0, s, F32, 0, (int) n);
            return s;
        }
        long base = seed * 0x9E3779B97F4A7C15L + key.hashCode();
        float scale = (float) (e.std() * Math.sqrt(3));      // uniform in ±√3·std has standard deviation std
        boolean bf16 = info.dtype() == DType.BF16;
        int chunks = (int) Math.min(4096, Math.max(1, n / 65536));
        IntStream.range(0, chunks).parallel().forEach(c -> {
            long from = n * c / chunks, to = n * (c + 1) / chunks;
            for (long i = from; i < to; i++) {
                float v = scale * uniform(base, i);
                if (bf16) s.setAtIndex(I16, i, Floats.floatToBf16(v));
                else s.setAtIndex(F32, i, v);
            }
        });
        return s;
    }

    /// Uniform in [−1, 1) from splitmix64 of (base, i).
    static float uniform(long base, long i) {
        long z = base + 0x9E3779B97F4A7C15L * (i + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 40) * (2.0f / 16777216.0f) - 1.0f;
    }

    @Override public Path fileOf(String key) {
        info(key);
        return path();
    }

    @Override public Map<String, String> metadata() { return Map.of("note", "seeded random DiT weights, seed " + seed); }

    @Override public void close() {}
}
