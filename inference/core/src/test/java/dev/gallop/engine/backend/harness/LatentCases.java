package dev.gallop.engine.backend.harness;

import static dev.gallop.engine.backend.harness.OpData.normal;

import dev.gallop.engine.backend.Op;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/// Op harness cases of the latent-volume operations the DiT and the samplers use: patch packing, frame copies and
/// the super-resolution hand-over's trilinear resize. Pure data movement is bit for bit; the resize too (no FMAs).
final class LatentCases {
    private LatentCases() {}

    static List<OpCase> cases() {
        List<OpCase> c = new ArrayList<>();
        c.add(OpCase.of(Op.PATCHIFY, "patchify [7, 3, 6, 10] → [45, 28]", 0, (d, k) -> {
            Tensor x = normal(d, DType.F32, 91, 1, 7, 3, 6, 10), t = d.empty(DType.F32, Shape.of(45, 28));
            return new OpCase.Run(() -> k.patchify(t, x), List.of(t));
        }));
        c.add(OpCase.of(Op.UNPATCHIFY, "unpatchify [45, 28] → [7, 3, 6, 10]", 0, (d, k) -> {
            Tensor t = normal(d, DType.F32, 92, 1, 45, 28), x = d.empty(DType.F32, Shape.of(7, 3, 6, 10));
            return new OpCase.Run(() -> k.unpatchify(x, t), List.of(x));
        }));
        c.add(OpCase.of(Op.COPY_FRAMES, "copy frames [1, 3) of [5, 4, 3, 7] into frame 2 of [5, 6, 3, 7]", 0, (d, k) -> {
            Tensor src = normal(d, DType.F32, 93, 1, 5, 4, 3, 7), dst = normal(d, DType.F32, 94, 1, 5, 6, 3, 7);
            return new OpCase.Run(() -> k.copyFrames(dst, 2, src, 1, 2), List.of(dst));
        }));
        c.add(OpCase.of(Op.UPSAMPLE_TRILINEAR, "trilinear [6, 3, 5, 7] → [6, 5, 11, 13]", 0, (d, k) -> {
            Tensor x = normal(d, DType.F32, 95, 1, 6, 3, 5, 7), y = d.empty(DType.F32, Shape.of(6, 5, 11, 13));
            return new OpCase.Run(() -> k.upsampleTrilinear(y, x), List.of(y));
        }));
        return c;
    }
}
