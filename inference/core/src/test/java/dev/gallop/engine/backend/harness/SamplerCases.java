package dev.gallop.engine.backend.harness;

import static dev.gallop.engine.backend.harness.OpData.normal;

import dev.gallop.engine.backend.Op;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.backend.UniPcTerms;
import dev.gallop.engine.tensor.DType;
import java.util.ArrayList;
import java.util.List;

/// Op harness cases of the samplers' updates: bit for bit on every backend (tolerance 0), so that a trajectory
/// replays exactly wherever it runs.
final class SamplerCases {
    private static final int N = 70_001;

    private SamplerCases() {}

    static List<OpCase> cases() {
        List<OpCase> c = new ArrayList<>();
        c.add(OpCase.of(Op.FLOW_X0, "x − σ·v [" + N + "]", 0, (d, k) -> {
            Tensor x = normal(d, DType.F32, 71, 1, N), v = normal(d, DType.F32, 72, 1, N), o = d.empty(DType.F32, x.shape());
            return new OpCase.Run(() -> k.flowX0(o, x, v, 0.6425f), List.of(o));
        }));
        c.add(OpCase.of(Op.DISTILL_STEP, "distilled re-noising step [" + N + "]", 0, (d, k) -> {
            Tensor x = normal(d, DType.F32, 73, 1, N), v = normal(d, DType.F32, 74, 1, N), e = normal(d, DType.F32, 75, 1, N);
            Tensor o = d.empty(DType.F32, x.shape());
            return new OpCase.Run(() -> k.distillStep(o, x, v, e, 0.6425f, 0.4997f), List.of(o));
        }));
        c.add(OpCase.of(Op.CFG, "guidance u + s·(c − u) [" + N + "]", 0, (d, k) -> {
            Tensor u = normal(d, DType.F32, 76, 1, N), cc = normal(d, DType.F32, 77, 1, N), o = d.empty(DType.F32, u.shape());
            return new OpCase.Run(() -> k.cfg(o, u, cc, 5f), List.of(o));
        }));
        for (int order : new int[] {1, 2}) {
            UniPcTerms t = new UniPcTerms(order, 0.93f, -0.061f, 0.47f, 0.55f, 0.5f, 0.83f);
            c.add(OpCase.of(Op.UNIPC_PREDICT, "UniPC predictor order " + order + " [" + N + "]", 0, (d, k) -> {
                Tensor xc = normal(d, DType.F32, 78, 1, N), m = normal(d, DType.F32, 79, 1, N), mp = normal(d, DType.F32, 80, 1, N);
                Tensor o = d.empty(DType.F32, xc.shape());
                return new OpCase.Run(() -> k.uniPcPredict(o, xc, m, order == 2 ? mp : null, t), List.of(o));
            }));
            c.add(OpCase.of(Op.UNIPC_CORRECT, "UniPC corrector order " + order + " [" + N + "]", 0, (d, k) -> {
                Tensor x = normal(d, DType.F32, 81, 1, N), m1 = normal(d, DType.F32, 82, 1, N), m2 = normal(d, DType.F32, 83, 1, N);
                Tensor m = normal(d, DType.F32, 84, 1, N), o = d.empty(DType.F32, x.shape());
                return new OpCase.Run(() -> k.uniPcCorrect(o, x, m1, order == 2 ? m2 : null, m, t), List.of(o));
            }));
        }
        return c;
    }
}
