package dev.gallop.engine.backend.cpu;

import dev.gallop.engine.backend.AttentionSpec;
import dev.gallop.engine.backend.ConvPadding;
import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.backend.UniPcTerms;

/// The CPU backend's [Kernels]: one object per operation family, each with a Vector API form and a scalar twin of
/// every kernel; `vector` picks the form (`-Dgallop.cpu.scalar=true` selects the twins everywhere).
public final class CpuKernels implements Kernels {
    private final boolean vector;
    private final CpuTransformerKernels transformer;
    private final CpuElementwiseKernels elementwise;
    private final CpuSamplerKernels sampler;
    private final CpuVolumeKernels volume;
    private final CpuSequenceKernels sequence;

    CpuKernels(boolean vector) {
        this.vector = vector;
        this.transformer = new CpuTransformerKernels(vector);
        this.elementwise = new CpuElementwiseKernels(vector);
        this.sampler = new CpuSamplerKernels(vector);
        this.volume = new CpuVolumeKernels(vector);
        this.sequence = new CpuSequenceKernels(vector);
    }

    /// Whether these are the Vector API forms (else the scalar twins).
    public boolean vectorized() { return vector; }

    @Override public void linear(Tensor out, Tensor x, Tensor w, Tensor bias) { transformer.linear(out, x, w, bias); }
    @Override public void linearAdd(Tensor out, Tensor x, Tensor w) { transformer.linearAdd(out, x, w); }
    @Override public void rmsNorm(Tensor out, Tensor x, Tensor gain, float eps) { transformer.rmsNorm(out, x, gain, eps); }
    @Override public void rope(Tensor x, Tensor sin, Tensor cos) { transformer.rope(x, sin, cos); }
    @Override public void qkNormRope(Tensor out, Tensor qkv, int col0, Tensor gain, float eps, Tensor sin, Tensor cos) { transformer.qkNormRope(out, qkv, col0, gain, eps, sin, cos); }
    @Override public void attention(Tensor out, Tensor q, Tensor k, Tensor v, AttentionSpec spec) { transformer.attention(out, q, k, v, spec); }
    @Override public void attentionScores(Tensor logits, Tensor probs, Tensor q, Tensor k, AttentionSpec spec) { transformer.attentionScores(logits, probs, q, k, spec); }
    @Override public void sigmoidGate(Tensor out, Tensor o, Tensor gates, int col0) { transformer.sigmoidGate(out, o, gates, col0); }
    @Override public void swiglu7(Tensor out, Tensor up) { transformer.swiglu7(out, up); }
    @Override public void gelu7(Tensor out, Tensor up) { transformer.gelu7(out, up); }
    @Override public void geluTanhGlu(Tensor out, Tensor gate, Tensor up) { transformer.geluTanhGlu(out, gate, up); }

    @Override public void add(Tensor acc, Tensor y) { elementwise.add(acc, y); }
    @Override public void scale(Tensor out, Tensor x, float factor) { elementwise.scale(out, x, factor); }
    @Override public void axpby(Tensor out, float a, Tensor x, float b, Tensor y) { elementwise.axpby(out, a, x, b, y); }
    @Override public void fill(Tensor t, float value) { elementwise.fill(t, value); }
    @Override public void roundBf16(Tensor t) { elementwise.roundBf16(t); }
    @Override public void copy(Tensor dst, Tensor src) { elementwise.copy(dst, src); }
    @Override public void copyColumns(Tensor dst, Tensor src, int col0) { elementwise.copyColumns(dst, src, col0); }
    @Override public void transpose(Tensor out, Tensor x) { elementwise.transpose(out, x); }
    @Override public void silu(Tensor out, Tensor x) { elementwise.silu(out, x); }
    @Override public void relu(Tensor out, Tensor x) { elementwise.relu(out, x); }
    @Override public long countNonFinite(Tensor t) { return elementwise.countNonFinite(t); }

    @Override public void flowX0(Tensor out, Tensor x, Tensor v, float sigma) { sampler.flowX0(out, x, v, sigma); }
    @Override public void distillStep(Tensor out, Tensor x, Tensor v, Tensor noise, float sigma, float sigmaNext) { sampler.distillStep(out, x, v, noise, sigma, sigmaNext); }
    @Override public void cfg(Tensor out, Tensor uncond, Tensor cond, float scale) { sampler.cfg(out, uncond, cond, scale); }
    @Override public void uniPcPredict(Tensor out, Tensor xc, Tensor m, Tensor mPrev, UniPcTerms c) { sampler.uniPcPredict(out, xc, m, mPrev, c); }
    @Override public void uniPcCorrect(Tensor out, Tensor x, Tensor m1, Tensor m2, Tensor m, UniPcTerms c) { sampler.uniPcCorrect(out, x, m1, m2, m, c); }

    @Override public void conv3d(Tensor out, Tensor x, Tensor weight, Tensor bias, ConvPadding pad) { volume.conv3d(out, x, weight, bias, pad); }
    @Override public void channelRmsNorm(Tensor out, Tensor x, float eps) { volume.channelRmsNorm(out, x, eps); }
    @Override public void channelL2Norm(Tensor out, Tensor x, Tensor gamma) { volume.channelL2Norm(out, x, gamma); }
    @Override public void channelAffine(Tensor out, Tensor x, Tensor scale, Tensor shift) { volume.channelAffine(out, x, scale, shift); }
    @Override public void channelDivideAdd(Tensor out, Tensor x, Tensor divisor, Tensor shift) { volume.channelDivideAdd(out, x, divisor, shift); }
    @Override public void upsampleNearest2x(Tensor out, Tensor x) { volume.upsampleNearest2x(out, x); }
    @Override public void upsampleTrilinear(Tensor out, Tensor x) { volume.upsampleTrilinear(out, x); }
    @Override public void pixelShuffle2x2(Tensor out, Tensor x) { volume.pixelShuffle2x2(out, x); }
    @Override public void pixelUnshuffle2x2(Tensor out, Tensor x) { volume.pixelUnshuffle2x2(out, x); }
    @Override public void framesFromChannels(Tensor out, Tensor x, boolean dropFirst) { volume.framesFromChannels(out, x, dropFirst); }
    @Override public void avgDown(Tensor out, Tensor x, int ft, int fs) { volume.avgDown(out, x, ft, fs); }
    @Override public void copyFrames(Tensor dst, int dstFrame, Tensor src, int srcFrame, int frames) { volume.copyFrames(dst, dstFrame, src, srcFrame, frames); }
    @Override public void patchify(Tensor tokens, Tensor latent) { volume.patchify(tokens, latent); }
    @Override public void unpatchify(Tensor latent, Tensor tokens) { volume.unpatchify(latent, tokens); }
    @Override public void rgbToBytes(Tensor out, Tensor rgb) { volume.rgbToBytes(out, rgb); }
    @Override public void alphaComposite(Tensor out, Tensor alpha, Tensor fg, Tensor bg) { volume.alphaComposite(out, alpha, fg, bg); }

    @Override public void conv1d(Tensor out, Tensor x, Tensor weight, Tensor bias, int dilation, int padding, int stride) { sequence.conv1d(out, x, weight, bias, dilation, padding, stride); }
    @Override public void convTranspose1d(Tensor out, Tensor x, Tensor weight, Tensor bias, int stride, int padding) { sequence.convTranspose1d(out, x, weight, bias, stride, padding); }
    @Override public void snakeBeta(Tensor out, Tensor x, Tensor freq, Tensor recip) { sequence.snakeBeta(out, x, freq, recip); }
    @Override public void resampleFft(Tensor out, Tensor x) { sequence.resampleFft(out, x); }
    @Override public void vaeSample(Tensor out, Tensor moments, Tensor noise) { sequence.vaeSample(out, moments, noise); }
}
