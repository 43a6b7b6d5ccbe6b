package dev.gallop.engine.sampling;

/// The scalars of one UniPC-bh2 update (predictor or corrector), computed in float32 scalar arithmetic in the same
/// order as upstream, so that applying them reproduces upstream's tensors bit for bit (docs/models/magihuman.md#unipc,
/// docs/numerics.md#bit-exact-samplers).
///
/// With `σ_t` the target sigma, `σ_s` the source sigma, `σ_o` the one before it, `α = 1 − σ` and
/// `λ(σ) = ln(1 − σ) − ln σ` (each log rounded to float32, then the difference):
/// * `h = λ_t − λ_s`, `hh = −h`, `φ = expm1(hh)`, `B = φ` (bh2);
/// * `sigmaRatio = σ_t / σ_s`, `alphaPhi = α_t·φ`, `alphaB = α_t·B`;
/// * order 2: `r = (λ_o − λ_s) / h`;
/// * predictor order 2: `rho = [0.5]` (upstream's simplified order-2 predictor);
/// * corrector order 1: `rho = [0.5]`;
/// * corrector order 2: `rho` solves `[[1, 1], [r, 1]]·rho = (b1, b2)` with
///   `b1 = (φ/hh − 1)/B` and `b2 = ((φ/hh − 1)/hh − 0.5)·2/B` ([#solve2]).
///
/// When `σ_t = 0` (the last step) λ_t would be +∞; that case is special-cased to its limit
/// (`sigmaRatio = 0`, `alphaPhi = alphaB = −1`), which is only valid at order 1.
///
/// @param order the update order (1 or 2)
/// @param r the ratio `r`, or NaN at order 1
/// @param rho the weights: empty for an order-1 predictor, `[0.5]` for an order-2 predictor and an order-1
///            corrector, `[rho0, rhoLast]` for an order-2 corrector. Treat as read-only.
public record UniPcCoefficients(int order, float sigmaRatio, float alphaPhi, float alphaB, float r, float[] rho) {

    /// `λ(σ) = ln(1 − σ) − ln σ`, float32.
    public static float lambda(float sigma) {
        float alpha = 1f - sigma;
        return (float) Math.log(alpha) - (float) Math.log(sigma);
    }

    /// Coefficients for an update from `sigmaSource` to `sigmaTarget`; `sigmaOlder` is used at order 2 only.
    public static UniPcCoefficients compute(float sigmaTarget, float sigmaSource, float sigmaOlder, int order, boolean corrector) {
        if (order != 1 && order != 2) throw new IllegalArgumentException("order must be 1 or 2, got " + order);
        if (sigmaTarget == 0f) {
            if (order != 1 || corrector) {
                throw new IllegalArgumentException("sigma_target = 0 is only supported for an order-1 predictor");
            }
            return new UniPcCoefficients(1, 0f, -1f, -1f, Float.NaN, new float[0]);
        }
        float lt = lambda(sigmaTarget);
        float ls = lambda(sigmaSource);
        float h = lt - ls;
        float alphaT = 1f - sigmaTarget;
        float ratio = sigmaTarget / sigmaSource;
        float hh = -h;
        float phi = (float) Math.expm1(hh);
        float b = phi;
        float alphaPhi = alphaT * phi;
        float alphaB = alphaT * b;
        if (order == 1) {
            return new UniPcCoefficients(1, ratio, alphaPhi, alphaB, Float.NaN, corrector ? new float[] {0.5f} : new float[0]);
        }
        float r = (lambda(sigmaOlder) - ls) / h;
        if (!corrector) return new UniPcCoefficients(2, ratio, alphaPhi, alphaB, r, new float[] {0.5f});
        float hPhiK = phi / hh - 1f;
        float b1 = hPhiK * 1f / b;
        hPhiK = hPhiK / hh - 0.5f;
        float b2 = hPhiK * 2f / b;
        return new UniPcCoefficients(2, ratio, alphaPhi, alphaB, r, solve2(r, b1, b2));
    }

    /// Solves `[[1, 1], [r, 1]]·x = (b1, b2)` in float32 the way upstream's `torch.linalg.solve` does it.
    ///
    /// PyTorch hands the row-major matrix to LAPACK as its column-major transpose `Aᵀ = [[1, r], [1, 1]]`, factors
    /// that (`getrf`: the pivot column is [1, 1], a tie, so no row swap; `L = [[1, 0], [1, 1]]`,
    /// `U = [[1, r], [0, 1 − r]]`) and solves with the transposed factors (`getrs`, trans = 'T'):
    /// `z1 = b1`, `x2 = (b2 − r·z1)/(1 − r)`, `x1 = z1 − x2`. Checked against all order-2 corrector weights of the
    /// golden tables (a row-pivoted LU of `A` itself matches only about half of them).
    static float[] solve2(float r, float b1, float b2) {
        float u22 = 1f - r * 1f;
        float x2 = (b2 - r * b1) / u22;
        float x1 = b1 - 1f * x2;
        return new float[] {x1, x2};
    }
}
