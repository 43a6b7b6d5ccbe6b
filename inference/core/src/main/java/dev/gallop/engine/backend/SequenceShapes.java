package dev.gallop.engine.backend;

import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;

/// The operand checks of [SequenceKernels], shared by every backend so that a wrong call fails the same way
/// everywhere: each error names the operation, the operand, what it got and what it needed.
public final class SequenceShapes {
    private SequenceShapes() {}

    /// The sizes of one [SequenceKernels#conv1d] call.
    public record Conv1d(int t, int cin, int tOut, int cout, int k, int dilation, int padding, int stride) {}

    /// The sizes of one [SequenceKernels#convTranspose1d] call.
    public record ConvTranspose1d(int t, int cin, int tOut, int cout, int k, int stride, int padding) {
        /// Kernel taps of phase r (output steps j with (j + padding) mod stride = r): |{k' = r + m·stride < k}|.
        public int taps(int r) { return r >= k ? 0 : (k - r + stride - 1) / stride; }

        /// The first q ≥ 0 whose output step j = q·stride + r − padding is ≥ 0, for phase r.
        public int firstQ(int r) { return Math.max(0, Math.floorDiv(padding - r + stride - 1, stride)); }

        /// The last q whose output step j = q·stride + r − padding is < tOut, for phase r (may be below [#firstQ]).
        public int lastQ(int r) { return Math.floorDiv(tOut - 1 - r + padding, stride); }
    }

    /// The sizes of one [SequenceKernels#resampleFft] call: x[n, channels] → out[m, channels].
    public record Resample(int n, int m, int channels) {}

    public static Conv1d conv1d(Tensor out, Tensor x, Tensor weight, Tensor bias, int dilation, int padding, int stride) {
        requireF32(x, "conv1d", "x");
        requireF32(out, "conv1d", "out");
        requireF32(weight, "conv1d", "weight");
        requireRank(x, 2, "conv1d", "x", "[T, Cin]");
        requireRank(weight, 3, "conv1d", "weight", "[Cout, Cin, K]");
        int t = x.shape().dim(0), cin = x.shape().dim(1), cout = weight.shape().dim(0), k = weight.shape().dim(2);
        if (weight.shape().dim(1) != cin) {
            throw new IllegalArgumentException("conv1d: weight " + weight.shape() + " takes " + weight.shape().dim(1) + " input channels but x "
                    + x.shape() + " has " + cin);
        }
        if (dilation < 1 || padding < 0 || stride < 1) {
            throw new IllegalArgumentException("conv1d: dilation " + dilation + ", padding " + padding + ", stride " + stride
                    + " (need dilation ≥ 1, padding ≥ 0, stride ≥ 1)");
        }
        int tOut = SequenceKernels.conv1dLength(t, k, dilation, padding, stride);
        requireShape(out, Shape.of(tOut, cout), "conv1d", "out");
        requireBias(bias, cout, "conv1d");
        return new Conv1d(t, cin, tOut, cout, k, dilation, padding, stride);
    }

    public static ConvTranspose1d convTranspose1d(Tensor out, Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
        requireF32(x, "convTranspose1d", "x");
        requireF32(out, "convTranspose1d", "out");
        requireF32(weight, "convTranspose1d", "weight");
        requireRank(x, 2, "convTranspose1d", "x", "[T, Cin]");
        requireRank(weight, 3, "convTranspose1d", "weight", "[Cin, Cout, K]");
        int t = x.shape().dim(0), cin = x.shape().dim(1), cout = weight.shape().dim(1), k = weight.shape().dim(2);
        if (weight.shape().dim(0) != cin) {
            throw new IllegalArgumentException("convTranspose1d: weight " + weight.shape() + " takes " + weight.shape().dim(0)
                    + " input channels but x " + x.shape() + " has " + cin);
        }
        if (stride < 1 || padding < 0) {
            throw new IllegalArgumentException("convTranspose1d: stride " + stride + ", padding " + padding + " (need stride ≥ 1, padding ≥ 0)");
        }
        int tOut = SequenceKernels.convTranspose1dLength(t, k, stride, padding);
        requireShape(out, Shape.of(tOut, cout), "convTranspose1d", "out");
        requireBias(bias, cout, "convTranspose1d");
        return new ConvTranspose1d(t, cin, tOut, cout, k, stride, padding);
    }

    /// Returns the channel count.
    public static int snakeBeta(Tensor out, Tensor x, Tensor freq, Tensor recip) {
        requireF32(x, "snakeBeta", "x");
        requireF32(out, "snakeBeta", "out");
        requireF32(freq, "snakeBeta", "freq");
        requireF32(recip, "snakeBeta", "recip");
        requireRank(x, 2, "snakeBeta", "x", "[T, C]");
        int c = x.shape().dim(1);
        requireShape(out, x.shape(), "snakeBeta", "out");
        requireShape(freq, Shape.of(c), "snakeBeta", "freq");
        requireShape(recip, Shape.of(c), "snakeBeta", "recip");
        return c;
    }

    public static Resample resampleFft(Tensor out, Tensor x) {
        requireF32(x, "resampleFft", "x");
        requireF32(out, "resampleFft", "out");
        requireRank(x, 2, "resampleFft", "x", "[N, C]");
        requireRank(out, 2, "resampleFft", "out", "[M, C]");
        int n = x.shape().dim(0), m = out.shape().dim(0), c = x.shape().dim(1);
        if (out.shape().dim(1) != c || n < 1 || m < 1 || c < 1) {
            throw new IllegalArgumentException("resampleFft: x " + x.shape() + " into out " + out.shape()
                    + " (need [N, C] into [M, C] with N, M, C ≥ 1)");
        }
        return new Resample(n, m, c);
    }

    /// Returns the latent channel count C (moments have 2·C).
    public static int vaeSample(Tensor out, Tensor moments, Tensor noise) {
        requireF32(out, "vaeSample", "out");
        requireF32(moments, "vaeSample", "moments");
        requireF32(noise, "vaeSample", "noise");
        requireRank(moments, 2, "vaeSample", "moments", "[T, 2C]");
        int t = moments.shape().dim(0), both = moments.shape().dim(1);
        if (both % 2 != 0) throw new IllegalArgumentException("vaeSample: moments " + moments.shape() + " do not split into mean and scale halves");
        requireShape(out, Shape.of(t, both / 2), "vaeSample", "out");
        requireShape(noise, Shape.of(t, both / 2), "vaeSample", "noise");
        return both / 2;
    }

    private static void requireF32(Tensor t, String op, String operand) {
        if (t == null) throw new IllegalArgumentException(op + ": " + operand + " is null");
        if (t.dtype() != DType.F32) throw new IllegalArgumentException(op + ": " + operand + " must be F32, got " + t.dtype() + t.shape());
    }

    private static void requireRank(Tensor t, int rank, String op, String operand, String layout) {
        if (t.shape().rank() != rank) throw new IllegalArgumentException(op + ": " + operand + " must be " + layout + ", got " + t.dtype() + t.shape());
    }

    private static void requireShape(Tensor t, Shape want, String op, String operand) {
        if (!t.shape().equals(want)) throw new IllegalArgumentException(op + ": " + operand + " must be " + want + ", got " + t.dtype() + t.shape());
    }

    private static void requireBias(Tensor bias, int cout, String op) {
        if (bias == null) return;
        requireF32(bias, op, "bias");
        requireShape(bias, Shape.of(cout), op, "bias");
    }
}
