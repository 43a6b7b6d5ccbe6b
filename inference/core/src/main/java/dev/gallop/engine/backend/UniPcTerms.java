package dev.gallop.engine.backend;

/// The scalar coefficients of one UniPC predictor or corrector update ([SamplerKernels]).
///
/// @param order     1 or 2
/// @param ratio     σ_next / σ (the sample's weight)
/// @param alphaPhi  weight of the model output m
/// @param alphaB    weight of the correction terms
/// @param rho0      weight of the order-2 difference term
/// @param rhoLast   weight of (m − m1) in the corrector
/// @param r         the ratio of the log-SNR steps that divides the order-2 difference
public record UniPcTerms(int order, float ratio, float alphaPhi, float alphaB, float rho0, float rhoLast, float r) {
    public UniPcTerms {
        if (order != 1 && order != 2) throw new IllegalArgumentException("UniPC order must be 1 or 2, got " + order);
    }
}
