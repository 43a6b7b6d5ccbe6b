package dev.gallop.engine.backend.harness;

import static dev.gallop.engine.backend.harness.OpData.normal;

import dev.gallop.engine.backend.Op;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/// Op harness cases of the element-wise operations: bit for bit in f32 (0), one bf16 rounding apart at most
/// where an output is bf16 (1e-2).
final class ElementwiseCases {
    private static final DType[] ACTS = {DType.F32, DType.BF16};
    private static final int N = 100_003;   // more than one CPU block, odd

    private ElementwiseCases() {}

    static List<OpCase> cases() {
        List<OpCase> c = new ArrayList<>();
        for (DType in : ACTS) {
            for (DType out : ACTS) {
                double tol = out == DType.BF16 || in == DType.BF16 ? 1e-2 : 0;
                String io = in + "→" + out + " [" + N + "]";
                c.add(OpCase.of(Op.ADD, "add " + io, tol, (d, k) -> {
                    Tensor acc = normal(d, out, 51, 1, N), y = normal(d, in, 52, 1, N);
                    return new OpCase.Run(() -> k.add(acc, y), List.of(acc));
                }));
                c.add(OpCase.of(Op.SCALE, "scale " + io, tol, (d, k) -> {
                    Tensor x = normal(d, in, 53, 1, N), y = d.empty(out, x.shape());
                    return new OpCase.Run(() -> k.scale(y, x, 59.75f), List.of(y));
                }));
                c.add(OpCase.of(Op.AXPBY, "axpby " + io, tol, (d, k) -> {
                    Tensor x = normal(d, in, 54, 1, N), y = normal(d, in, 55, 1, N), o = d.empty(out, x.shape());
                    return new OpCase.Run(() -> k.axpby(o, 0.8389104f, x, 0.5442696f, y), List.of(o));
                }));
                c.add(OpCase.of(Op.COPY, "copy " + io, tol, (d, k) -> {
                    Tensor x = normal(d, in, 56, 3, N), y = d.empty(out, x.shape());
                    return new OpCase.Run(() -> k.copy(y, x), List.of(y));
                }));
                c.add(OpCase.of(Op.COPY_COLUMNS, "copy columns " + in + "→" + out + " [31, 20..57) of 71", tol, (d, k) -> {
                    Tensor x = normal(d, in, 57, 1, 31, 71), y = d.empty(out, Shape.of(31, 37));
                    return new OpCase.Run(() -> k.copyColumns(y, x, 20), List.of(y));
                }));
                c.add(OpCase.of(Op.TRANSPOSE, "transpose " + in + "→" + out + " [67, 133]", tol, (d, k) -> {
                    Tensor x = normal(d, in, 58, 1, 67, 133), y = d.empty(out, Shape.of(133, 67));
                    return new OpCase.Run(() -> k.transpose(y, x), List.of(y));
                }));
                c.add(OpCase.of(Op.SILU, "silu " + io, out == DType.BF16 || in == DType.BF16 ? 1e-2 : 1e-6, (d, k) -> {
                    Tensor x = normal(d, in, 59, 4, N), y = d.empty(out, x.shape());
                    return new OpCase.Run(() -> k.silu(y, x), List.of(y));
                }));
                c.add(OpCase.of(Op.RELU, "relu " + io, tol, (d, k) -> {
                    Tensor x = normal(d, in, 60, 1, N), y = d.empty(out, x.shape());
                    return new OpCase.Run(() -> k.relu(y, x), List.of(y));
                }));
            }
            c.add(OpCase.of(Op.FILL, "fill " + in + " [" + N + "]", 0, (d, k) -> {
                Tensor t = d.empty(in, Shape.of(N));
                return new OpCase.Run(() -> k.fill(t, 0.3f), List.of(t));
            }));
            c.add(OpCase.of(Op.COUNT_NON_FINITE, "count non-finite " + in + " [" + N + "]", 0, (d, k) -> {
                float[] v = OpData.normal(61, N, 1);
                v[7] = Float.NaN;
                v[N - 1] = Float.POSITIVE_INFINITY;
                v[N / 2] = Float.NEGATIVE_INFINITY;
                Tensor t = OpData.tensor(d, in, v, N), count = d.empty(DType.F32, Shape.of(1));
                return new OpCase.Run(() -> k.fill(count, k.countNonFinite(t)), List.of(count));
            }));
        }
        c.add(OpCase.of(Op.ROUND_BF16, "round to bf16 in place [" + N + "]", 0, (d, k) -> {
            Tensor t = normal(d, DType.F32, 62, 1, N);
            return new OpCase.Run(() -> k.roundBf16(t), List.of(t));
        }));
        c.add(OpCase.of(Op.COPY, "copy f8 e4m3 (per-channel) → f32 [13, 77]", 0, (d, k) -> {
            Tensor w = OpData.fp8Weight(d, 63, 1, 13, 77), y = d.empty(DType.F32, Shape.of(13, 77));
            return new OpCase.Run(() -> k.copy(y, w), List.of(y));
        }));
        return c;
    }
}
