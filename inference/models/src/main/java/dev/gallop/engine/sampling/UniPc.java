package dev.gallop.engine.sampling;

import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.backend.UniPcTerms;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/// UniPC multistep solver as MagiHuman runs it (docs/models/magihuman.md#unipc): bh2, order 2, predict-x0, flow
/// prediction, lower-order final. Video and audio each use their own solver state over the same schedule.
///
/// With `v_i` the (guided) velocity, `x_i` the sample the model saw and `m_i = x_i − σ_i·v_i`:
/// * **Corrector** (i > 0, order p = the previous predictor order), on the previous *corrected* sample:
///   `xc_i = ratio·xc_{i−1} − alphaPhi·m_{i−1} − alphaB·(rho0·D + rhoLast·(m_i − m_{i−1}))`,
///   `D = (m_{i−2} − m_{i−1})/r` at order 2; at order 1 the D term is absent and rhoLast = 0.5. `xc_0 = x_0`.
/// * **Predictor** (order q = min(2, N − i, i + 1)):
///   `x_{i+1} = ratio·xc_i − alphaPhi·m_i − alphaB·(0.5·(m_{i−1} − m_i)/r)`, the last term only at order 2.
///   The last step (σ_N = 0) returns `x_N = m_{N−1}` directly.
///
/// Scalars come from [UniPcCoefficients] (float32); tensors are updated on their device in float32 in the order
/// written ([dev.gallop.engine.backend.SamplerKernels]).
/// The solver is immutable; per-run state travels in [State].
public final class UniPc {
    private final float[] sigmas;
    private final List<StepCoefficients> table;

    /// Coefficients of step `i`: the corrector (null at step 0) and the predictor.
    public record StepCoefficients(int step, float sigma, UniPcCoefficients corrector, UniPcCoefficients predictor) {}

    /// Solver state between steps (device tensors; the solver never writes into them).
    ///
    /// @param stepIndex the next step to run
    /// @param lastCorrected the previous step's corrected sample `xc_{i−1}` (null before step 0)
    /// @param prevModel `m_{i−1}` (null before step 0)
    /// @param prevPrevModel `m_{i−2}` (null before step 1)
    /// @param prevOrder the previous predictor order (0 before step 0)
    public record State(int stepIndex, Tensor lastCorrected, Tensor prevModel, Tensor prevPrevModel, int prevOrder) {
        /// The state before step 0.
        public static State initial() { return new State(0, null, null, null, 0); }
    }

    /// Output of one step.
    ///
    /// @param corrected the corrected sample `xc_i` (the input sample itself at step 0)
    /// @param next the predictor output `x_{i+1}`: the model input of the next step, or the result after the last
    /// @param state the state for the next step
    public record Result(Tensor corrected, Tensor next, State state) {}

    public UniPc(FlowSchedule schedule) { this(schedule.sigmas()); }

    /// A solver over explicit float32 sigmas (N+1 values, the last 0).
    public UniPc(float[] sigmas) {
        if (sigmas.length < 2 || sigmas[sigmas.length - 1] != 0f) {
            throw new IllegalArgumentException("need N+1 >= 2 sigmas ending in 0");
        }
        this.sigmas = sigmas.clone();
        int n = sigmas.length - 1;
        List<StepCoefficients> t = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            UniPcCoefficients corr = null;
            if (i > 0) {
                int p = predictorOrder(i - 1, n);
                corr = UniPcCoefficients.compute(sigmas[i], sigmas[i - 1], p == 2 ? sigmas[i - 2] : Float.NaN, p, true);
            }
            int q = predictorOrder(i, n);
            UniPcCoefficients pred = UniPcCoefficients.compute(sigmas[i + 1], sigmas[i], q == 2 ? sigmas[i - 1] : Float.NaN, q, false);
            t.add(new StepCoefficients(i, sigmas[i], corr, pred));
        }
        this.table = Collections.unmodifiableList(t);
    }

    /// Predictor order at step i of n: min(2, n − i, i + 1).
    public static int predictorOrder(int i, int n) { return Math.min(2, Math.min(n - i, i + 1)); }

    public int steps() { return sigmas.length - 1; }

    /// The per-step coefficient table.
    public List<StepCoefficients> coefficients() { return table; }

    /// One solver step on the sample the model saw and its (guided) velocity, on their device; new tensors out.
    public Result step(Kernels k, State s, Tensor sampleSeen, Tensor velocity) {
        int i = s.stepIndex();
        int n = steps();
        if (i < 0 || i >= n) throw new IllegalStateException("step " + i + " outside 0.." + (n - 1));
        if (velocity.numel() != sampleSeen.numel()) {
            throw new IllegalArgumentException("sample " + sampleSeen.shape() + " and velocity " + velocity.shape() + " differ");
        }
        StepCoefficients c = table.get(i);
        Tensor m = sampleSeen.device().empty(sampleSeen.dtype(), sampleSeen.shape());
        k.flowX0(m, sampleSeen, velocity, sigmas[i]);

        Tensor xc = i == 0 ? sampleSeen : correct(k, s, c.corrector(), m);
        UniPcCoefficients p = c.predictor();
        Tensor next;
        if (sigmas[i + 1] == 0f) {
            next = m;
        } else {
            next = m.device().empty(m.dtype(), m.shape());
            k.uniPcPredict(next, xc, m, p.order() == 2 ? s.prevModel() : null, terms(p));
        }
        return new Result(xc, next, new State(i + 1, xc, m, s.prevModel(), p.order()));
    }

    private static Tensor correct(Kernels k, State s, UniPcCoefficients c, Tensor m) {
        if (s.prevOrder() != c.order()) {
            throw new IllegalStateException("state carries previous order " + s.prevOrder() + ", schedule expects " + c.order());
        }
        Tensor out = m.device().empty(m.dtype(), m.shape());
        k.uniPcCorrect(out, s.lastCorrected(), s.prevModel(), c.order() == 2 ? s.prevPrevModel() : null, m, terms(c));
        return out;
    }

    /// The kernels' view of a coefficient set.
    static UniPcTerms terms(UniPcCoefficients c) {
        float[] rho = c.rho();
        return new UniPcTerms(c.order(), c.sigmaRatio(), c.alphaPhi(), c.alphaB(), rho.length > 0 ? rho[0] : 0f,
                rho.length > 0 ? rho[rho.length - 1] : 0f, c.r());
    }
}
