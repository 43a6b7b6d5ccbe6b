package dev.gallop.engine.nn;

import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.io.safetensors.Checkpoint;
import dev.gallop.engine.io.safetensors.TensorInfo;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.FiniteValues;
import dev.gallop.engine.tensor.Shape;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/// A strict, prefix-scoped view of a [Checkpoint] that loads tensors onto a [Device]:
/// `root.at("block").at("layers").at(3).linear("attention.linear_qkv.weight", Shape.of(1542, 256))` reads
/// `block.layers.3.attention.linear_qkv.weight`. Every read checks the shape and dtype, and records the key as consumed
/// (shared by all views of one root), so that [#requireAllConsumed()] can report weights the model never read.
/// Errors are [WeightLoadException]s naming the checkpoint file, the full key, what was expected and what was found.
/// Every tensor read is checked for NaN and infinities as it loads ([FiniteValues]); the message names the key and
/// the first bad index.
///
/// F8_E4M3 GEMM weights are read with their scale stored as an F32 tensor `key + ".__fp8_scale"` (a scalar, or one
/// value per output row); the scale key counts as consumed with the weight.
public final class Weights {
    /// Suffix of the scale tensor of an F8_E4M3 weight.
    public static final String FP8_SCALE_SUFFIX = ".__fp8_scale";
    private static final int MAX_LISTED = 20;

    private record Root(Checkpoint ckpt, Device device, WeightPolicy policy, Set<String> consumed) {}

    private final Root root;
    private final String prefix;
    private final WeightStream stream;   // non-null: GEMM weights under this scope are streamed as `unit`
    private final int unit;

    private Weights(Root root, String prefix) { this(root, prefix, null, -1); }

    private Weights(Root root, String prefix, WeightStream stream, int unit) {
        this.root = root;
        this.prefix = prefix;
        this.stream = stream;
        this.unit = unit;
    }

    /// This scope with its GEMM weights ([#linear], [#linearPadded]) kept in host memory and placed in `stream` as
    /// `unit`: the tensors returned are views of the unit's device slot, valid after [WeightStream#upload]. Vectors
    /// still load onto the device.
    public Weights streaming(WeightStream s, int unitIndex) {
        if (unitIndex < 0) throw new IllegalArgumentException("negative stream unit " + unitIndex);
        return new Weights(root, prefix, java.util.Objects.requireNonNull(s), unitIndex);
    }

    /// The bytes a GEMM weight of `shape` takes on the device under this policy (K padded when `padded`).
    public long linearBytes(String name, Shape shape, boolean padded) {
        String k = key(name);
        TensorInfo info = lookup(k, shape);
        DType target = switch (root.policy) {
            case KEEP -> info.dtype();
            case BF16 -> DType.BF16;
            case F32 -> DType.F32;
            case FP8_PER_CHANNEL -> DType.F8_E4M3;
        };
        if (target == null) throw wrongDtype(k, info, "a float weight (F32, BF16, F16 or F8_E4M3)");
        long width = padded ? root.device.gemmWidth(shape.dim(1)) : shape.numel() / Math.max(1, shape.dim(0));
        return shape.dim(0) * width * target.bytes();
    }

    public static Weights open(Checkpoint ckpt, Device device, WeightPolicy policy) {
        return new Weights(new Root(ckpt, device, policy, ConcurrentHashMap.newKeySet()), "");
    }

    /// The view under `name` (which may itself contain dots): prefix + name + ".".
    public Weights at(String name) {
        if (name.isEmpty() || name.startsWith(".") || name.endsWith(".")) {
            throw new IllegalArgumentException("invalid weight scope '" + name + "' under '" + prefix + "'");
        }
        return new Weights(root, prefix + name + ".", stream, unit);
    }

    /// The view under a list index: `at("layers").at(3)` is prefix "layers.3.".
    public Weights at(int index) {
        if (index < 0) throw new IllegalArgumentException("negative weight scope index " + index + " under '" + prefix + "'");
        return at(Integer.toString(index));
    }

    /// "" for the root, else the scope ending with '.'.
    public String prefix() { return prefix; }

    public Checkpoint checkpoint() { return root.ckpt; }

    public Device device() { return root.device; }

    public WeightPolicy policy() { return root.policy; }

    /// The full checkpoint key of `name` in this scope.
    public String key(String name) { return prefix + name; }

    /// Whether the checkpoint holds `name` in this scope (does not mark it consumed).
    public boolean has(String name) { return root.ckpt.contains(key(name)); }

    /// The header entry of `name` (does not mark it consumed).
    public TensorInfo info(String name) {
        String k = key(name);
        if (!root.ckpt.contains(k)) throw missing(k, null);
        return root.ckpt.info(k);
    }

    /// A GEMM weight (`[out, in]`, or any shape whose first axis is the output), stored as the policy says.
    public Tensor linear(String name, Shape shape) {
        Host h = hostLinear(name, shape);
        return gemm(h.data(), h.dtype(), shape, h.scales());
    }

    /// A GEMM weight onto the device, or into the stream's slot when this scope streams.
    private Tensor gemm(MemorySegment host, DType dtype, Shape shape, float[] scales) {
        return stream != null ? streamed(host, dtype, shape, scales) : onDevice(host, dtype, shape, scales);
    }

    private Tensor streamed(MemorySegment host, DType dtype, Shape shape, float[] scales) {
        return stream.place(unit, host, dtype, shape, scales);
    }

    /// A GEMM weight [out, in] stored with rows as wide as the device's GEMM width for `in` ([Device#gemmWidth]): on
    /// a device that pads K, the extra columns are zeros (its activations carry zeros there too, so the product is
    /// unchanged). Elsewhere exactly [#linear]. Padded on the host, before the upload.
    public Tensor linearPadded(String name, Shape shape) {
        if (shape.rank() != 2) throw new IllegalArgumentException("padded linear weight '" + key(name) + "' must be [out, in], got " + shape);
        int rows = shape.dim(0), k = shape.dim(1), width = root.device.gemmWidth(k);
        Host h = hostLinear(name, shape);
        if (width == k) return gemm(h.data(), h.dtype(), shape, h.scales());
        long es = h.dtype().bytes();
        if (stream != null) {   // the padded copy is the host side of the stream: it lives as long as the model
            MemorySegment padded = java.lang.foreign.Arena.ofAuto().allocate(es * rows * width, 8);
            for (long r = 0; r < rows; r++) MemorySegment.copy(h.data(), r * k * es, padded, r * width * es, k * es);
            return streamed(padded, h.dtype(), Shape.of(rows, width), h.scales());
        }
        try (java.lang.foreign.Arena a = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment padded = a.allocate(es * rows * width, 8);   // zeroed
            for (long r = 0; r < rows; r++) MemorySegment.copy(h.data(), r * k * es, padded, r * width * es, k * es);
            return onDevice(padded, h.dtype(), Shape.of(rows, width), h.scales());
        }
    }

    /// A GEMM weight's bytes on the host in the policy's dtype, with its fp8 scales.
    private record Host(MemorySegment data, DType dtype, float[] scales) {}

    private Host hostLinear(String name, Shape shape) {
        if (shape.rank() == 0) throw new IllegalArgumentException("linear weight '" + key(name) + "' needs a shape of rank >= 1");
        String k = key(name);
        TensorInfo info = lookup(k, shape);
        if (info.dtype() == null) throw wrongDtype(k, info, "a float weight (F32, BF16, F16 or F8_E4M3)");
        MemorySegment data = root.ckpt.data(k);
        requireFinite(k, info, data);
        float[] scales = info.dtype() == DType.F8_E4M3 ? fp8Scales(k, shape) : null;
        int rows = shape.dim(0);
        long rowLen = shape.numel() / Math.max(1, rows);
        if (rowLen > Integer.MAX_VALUE - 8) throw new WeightLoadException("weight '" + k + "' " + shape + " has rows too long to convert");
        DType target = switch (root.policy) {
            case KEEP -> info.dtype();
            case BF16 -> DType.BF16;
            case F32 -> DType.F32;
            case FP8_PER_CHANNEL -> DType.F8_E4M3;
        };
        Host h;
        if (target == info.dtype()) {
            if (scales != null && root.policy == WeightPolicy.FP8_PER_CHANNEL && scales.length == 1 && rows > 1) {
                float s = scales[0];
                scales = new float[rows];
                Arrays.fill(scales, s);
            }
            h = new Host(data, target, scales);
        } else if (target == DType.F8_E4M3) {
            HostConvert.Quantized q = HostConvert.quantizePerRow(info.dtype(), data, scales, rows, (int) rowLen);
            if (q == null) throw new WeightLoadException("weight '" + k + "' in " + root.ckpt.fileOf(k)
                    + " holds a non-finite value; it cannot be quantized to F8_E4M3");
            h = new Host(q.bytes(), target, q.scales());
        } else {
            h = new Host(HostConvert.convert(info.dtype(), data, scales, rows, (int) rowLen, target), target, null);
        }
        root.consumed.add(k);
        if (scales != null) root.consumed.add(k + FP8_SCALE_SUFFIX);
        return h;
    }

    /// A tensor as F32 in device memory of its own (never a view of the mapped file): for components that close their
    /// checkpoint after loading (the VAEs, the demo decoders).
    public Tensor owned(String name, Shape shape) {
        return Tensor.fromFloats(root.device, shape, floats(name, shape));
    }

    /// A small tensor (norm, bias, frequency band) as F32 on the device; BF16 and F16 are widened.
    public Tensor vector(String name, Shape shape) {
        String k = key(name);
        TensorInfo info = lookupVector(k, shape);
        MemorySegment data = root.ckpt.data(k);
        requireFinite(k, info, data);
        Tensor t = info.dtype() == DType.F32 ? onDevice(data, DType.F32, shape, null)
                : onDevice(HostConvert.convert(info.dtype(), data, null, 1, checkedInt(k, shape), DType.F32), DType.F32, shape, null);
        root.consumed.add(k);
        return t;
    }

    /// A small tensor as a host f32 array; BF16 and F16 are widened.
    public float[] floats(String name, Shape shape) {
        String k = key(name);
        TensorInfo info = lookupVector(k, shape);
        MemorySegment data = root.ckpt.data(k);
        requireFinite(k, info, data);
        float[] out = HostConvert.toFloatArray(info.dtype(), data, null, checkedInt(k, shape));
        root.consumed.add(k);
        return out;
    }

    /// Marks every key under this scope as consumed without loading it (for parts of a checkpoint a model ignores).
    public void skipAll() {
        for (String k : root.ckpt.keys()) if (k.startsWith(prefix)) root.consumed.add(k);
    }

    /// Keys under this scope that no read has consumed yet, sorted.
    public Set<String> unusedKeys() {
        Set<String> out = new TreeSet<>();
        for (String k : root.ckpt.keys()) if (k.startsWith(prefix) && !root.consumed.contains(k)) out.add(k);
        return out;
    }

    /// Throws listing (up to 20 of) the keys under this scope that were never read.
    public void requireAllConsumed() {
        Set<String> unused = unusedKeys();
        if (unused.isEmpty()) return;
        StringBuilder sb = new StringBuilder().append(root.ckpt.path()).append(": ").append(unused.size())
                .append(unused.size() == 1 ? " weight was" : " weights were").append(" never read")
                .append(prefix.isEmpty() ? "" : " under '" + prefix + "'").append(": ");
        sb.append(String.join(", ", unused.stream().limit(MAX_LISTED).map(s -> "'" + s + "'").toList()));
        if (unused.size() > MAX_LISTED) sb.append(", ... and ").append(unused.size() - MAX_LISTED).append(" more");
        throw new WeightLoadException(sb.toString());
    }

    /// Refuses a tensor holding a NaN or an infinity, naming the key, the file and the first bad index.
    private void requireFinite(String k, TensorInfo info, MemorySegment data) {
        long bad = FiniteValues.firstNonFinite(info.dtype(), data, info.shape().numel());
        if (bad >= 0) {
            throw new WeightLoadException("weight '" + k + "' in " + root.ckpt.fileOf(k) + " holds a non-finite value ("
                    + FiniteValues.value(info.dtype(), data, bad) + ") at " + FiniteValues.where(bad, info.shape()) + "; a checkpoint must hold finite numbers (is it damaged,"
                    + " or saved from a run that diverged?)");
        }
    }

    private Tensor onDevice(MemorySegment host, DType dtype, Shape shape, float[] scales) {
        var buf = root.device.fromHost(host);
        return scales == null ? Tensor.of(buf, 0, dtype, shape) : Tensor.quantized(buf, 0, shape, scales);
    }

    private TensorInfo lookup(String k, Shape expected) {
        if (!root.ckpt.contains(k)) throw missing(k, expected);
        TensorInfo info = root.ckpt.info(k);
        if (!info.shape().equals(expected)) {
            throw new WeightLoadException("weight '" + k + "' in " + root.ckpt.fileOf(k) + " has shape " + info.shape()
                    + " (" + info.dtypeName() + ") but " + expected + " was expected");
        }
        return info;
    }

    private TensorInfo lookupVector(String k, Shape expected) {
        TensorInfo info = lookup(k, expected);
        if (info.dtype() == null || info.dtype() == DType.F8_E4M3) {
            throw wrongDtype(k, info, "a float vector (F32, BF16 or F16) read as F32");
        }
        return info;
    }

    private float[] fp8Scales(String k, Shape shape) {
        String sk = k + FP8_SCALE_SUFFIX;
        if (!root.ckpt.contains(sk)) {
            throw new WeightLoadException("F8_E4M3 weight '" + k + "' in " + root.ckpt.fileOf(k) + " has no scale tensor '"
                    + sk + "' (expected an F32 scalar, or one value per output row)");
        }
        TensorInfo si = root.ckpt.info(sk);
        long n = si.shape().numel();
        if (si.dtype() == null || si.dtype() == DType.F8_E4M3 || (n != 1 && n != shape.dim(0))
                || (n != 1 && si.shape().rank() != 1)) {
            throw new WeightLoadException("scale '" + sk + "' in " + root.ckpt.fileOf(sk) + " is " + si.describe()
                    + " but an F32 scalar or [" + shape.dim(0) + "] was expected");
        }
        float[] s = HostConvert.toFloatArray(si.dtype(), root.ckpt.data(sk), null, (int) n);
        for (float v : s) {
            if (!Float.isFinite(v) || v <= 0) {
                throw new WeightLoadException("scale '" + sk + "' in " + root.ckpt.fileOf(sk) + " holds " + v
                        + "; a positive finite scale was expected");
            }
        }
        return s;
    }

    private int checkedInt(String k, Shape shape) {
        if (shape.numel() > Integer.MAX_VALUE - 8) throw new WeightLoadException("weight '" + k + "' " + shape + " is too large for a vector");
        return (int) shape.numel();
    }

    private WeightLoadException wrongDtype(String k, TensorInfo info, String expected) {
        return new WeightLoadException("weight '" + k + "' in " + root.ckpt.fileOf(k) + " is " + info.describe()
                + " but " + expected + " was expected");
    }

    private WeightLoadException missing(String k, Shape expected) {
        Path where = root.ckpt.path();
        StringBuilder sb = new StringBuilder("missing weight '").append(k).append("'");
        if (expected != null) sb.append(" (expected ").append(expected).append(")");
        sb.append(" in ").append(where);
        // Point at the nearest enclosing scope that does hold keys (a typo in a name, a layer index out of range).
        for (int dot = k.lastIndexOf('.'); dot > 0; dot = k.lastIndexOf('.', dot - 1)) {
            String scope = k.substring(0, dot + 1);
            var near = root.ckpt.keys().stream().filter(x -> x.startsWith(scope)).sorted().limit(9).toList();
            if (near.isEmpty()) continue;
            int next = k.indexOf('.', dot + 1);
            if (next > 0) sb.append("; nothing under '").append(k, 0, next + 1).append("'");
            sb.append("; keys under '").append(scope).append("': ").append(near.stream().limit(8).toList());
            if (near.size() > 8) {
                sb.setLength(sb.length() - 1);
                sb.append(", ...]");
            }
            break;
        }
        return new WeightLoadException(sb.toString());
    }
}
