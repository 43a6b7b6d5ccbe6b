package dev.gallop.engine.models.t5gemma;

/// How a T5Gemma forward computes.
///
/// @param precision `F32`: every activation in f32 (the reference's fp32 run). `BF16`: the rounding points of a
///                  PyTorch bf16 run: every module output (embedding product, norms, projections, RoPE terms,
///                  attention, GELU, products, residual sums) is rounded to bf16, norms and softmax compute in f32.
///                  BF16 expects bf16 weights (a bf16 checkpoint, or [dev.gallop.engine.nn.WeightPolicy#BF16]).
/// @param softCap   whether the attention logits go through c·tanh(x/c) with the config's cap c. MagiHuman loads
///                  the encoder with the default SDPA attention, which drops the cap, so its numbers are the
///                  cap-off ones (docs/models/t5gemma.md#soft-cap); the model as configured has it on.
public record T5GemmaOptions(Precision precision, boolean softCap) {

    public enum Precision { F32, BF16 }

    public T5GemmaOptions {
        if (precision == null) throw new IllegalArgumentException("precision must not be null");
    }

    /// What MagiHuman's pipeline computes, in f32: no soft-cap.
    public static T5GemmaOptions magiHuman() { return new T5GemmaOptions(Precision.F32, false); }

    public boolean bf16() { return precision == Precision.BF16; }

    public T5GemmaOptions withSoftCap(boolean on) { return new T5GemmaOptions(precision, on); }

    public T5GemmaOptions withPrecision(Precision p) { return new T5GemmaOptions(p, softCap); }
}
