package dev.gallop.engine.backend;

/// [Kernels] as five family objects: each operation is passed to the family that implements it. A backend's kernels
/// extend this with its own [TransformerKernels], [ElementwiseKernels], [SamplerKernels], [VolumeKernels] and
/// [SequenceKernels].
public abstract class KernelFamilies implements Kernels {
    private final TransformerKernels transformer;
    private final ElementwiseKernels elementwise;
    private final SamplerKernels sampler;
    private final VolumeKernels volume;
    private final SequenceKernels sequence;

    protected KernelFamilies(TransformerKernels transformer, ElementwiseKernels elementwise, SamplerKernels sampler,
                             VolumeKernels volume, SequenceKernels sequence) {
        this.transformer = transformer;
        this.elementwise = elementwise;
        this.sampler = sampler;
        this.volume = volume;
        this.sequence = sequence;
    }

    @Override public final void linear(Tensor out, Tensor x, Tensor w, Tensor bias) { transformer.linear(out, x, w, bias); }
    @Override public final void linearAdd(Tensor out, Tensor x, Tensor w) { transformer.linearAdd(out, x, w); }
    @Override public final void rmsNorm(Tensor out, Tensor x, Tensor gain, float eps) { transformer.rmsNorm(out, x, gain, eps); }
    @Override public final void rope(Tensor x, Tensor sin, Tensor cos) { transformer.rope(x, sin, cos); }
    @Override public final void qkNormRope(Tensor out, Tensor qkv, int col0, Tensor gain, float eps, Tensor sin, Tensor cos) { transformer.qkNormRope(out, qkv, col0, gain, eps, sin, cos); }
    @Override public final void attention(Tensor out, Tensor q, Tensor k, Tensor v, AttentionSpec spec) { transformer.attention(out, q, k, v, spec); }
    @Override public final void attentionScores(Tensor logits, Tensor probs, Tensor q, Tensor k, AttentionSpec spec) { transformer.attentionScores(logits, probs, q, k, spec); }
    @Override public final void sigmoidGate(Tensor out, Tensor o, Tensor gates, int col0) { transformer.sigmoidGate(out, o, gates, col0); }
    @Override public final void swiglu7(Tensor out, Tensor up) { transformer.swiglu7(out, up); }
    @Override public final void gelu7(Tensor out, Tensor up) { transformer.gelu7(out, up); }
    @Override public final void geluTanhGlu(Tensor out, Tensor gate, Tensor up) { transformer.geluTanhGlu(out, gate, up); }
    @Override public final void add(Tensor acc, Tensor y) { elementwise.add(acc, y); }
    @Override public final void scale(Tensor out, Tensor x, float factor) { elementwise.scale(out, x, factor); }
    @Override public final void axpby(Tensor out, float a, Tensor x, float b, Tensor y) { elementwise.axpby(out, a, x, b, y); }
    @Override public final void fill(Tensor t, float value) { elementwise.fill(t, value); }
    @Override public final void roundBf16(Tensor t) { elementwise.roundBf16(t); }
    @Override public final void copy(Tensor dst, Tensor src) { elementwise.copy(dst, src); }
    @Override public final void copyColumns(Tensor dst, Tensor src, int col0) { elementwise.copyColumns(dst, src, col0); }
    @Override public final void transpose(Tensor out, Tensor x) { elementwise.transpose(out, x); }
    @Override public final void silu(Tensor out, Tensor x) { elementwise.silu(out, x); }
    @Override public final void relu(Tensor out, Tensor x) { elementwise.relu(out, x); }
    @Override public final long countNonFinite(Tensor t) { return elementwise.countNonFinite(t); }
    @Override public final void flowX0(Tensor out, Tensor x, Tensor v, float sigma) { sampler.flowX0(out, x, v, sigma); }
    @Override public final void distillStep(Tensor out, Tensor x, Tensor v, Tensor noise, float sigma, float sigmaNext) { sampler.distillStep(out, x, v, noise, sigma, sigmaNext); }
    @Override public final void cfg(Tensor out, Tensor uncond, Tensor cond, float scale) { sampler.cfg(out, uncond, cond, scale); }
    @Override public final void uniPcPredict(Tensor out, Tensor xc, Tensor m, Tensor mPrev, UniPcTerms c) { sampler.uniPcPredict(out, xc, m, mPrev, c); }
    @Override public final void uniPcCorrect(Tensor out, Tensor x, Tensor m1, Tensor m2, Tensor m, UniPcTerms c) { sampler.uniPcCorrect(out, x, m1, m2, m, c); }
    @Override public final void conv3d(Tensor out, Tensor x, Tensor weight, Tensor bias, ConvPadding pad) { volume.conv3d(out, x, weight, bias, pad); }
    @Override public final void channelRmsNorm(Tensor out, Tensor x, float eps) { volume.channelRmsNorm(out, x, eps); }
    @Override public final void channelL2Norm(Tensor out, Tensor x, Tensor gamma) { volume.channelL2Norm(out, x, gamma); }
    @Override public final void channelAffine(Tensor out, Tensor x, Tensor scale, Tensor shift) { volume.channelAffine(out, x, scale, shift); }
    @Override public final void channelDivideAdd(Tensor out, Tensor x, Tensor divisor, Tensor shift) { volume.channelDivideAdd(out, x, divisor, shift); }
    @Override public final void upsampleNearest2x(Tensor out, Tensor x) { volume.upsampleNearest2x(out, x); }
    @Override public final void upsampleTrilinear(Tensor out, Tensor x) { volume.upsampleTrilinear(out, x); }
    @Override public final void pixelShuffle2x2(Tensor out, Tensor x) { volume.pixelShuffle2x2(out, x); }
    @Override public final void pixelUnshuffle2x2(Tensor out, Tensor x) { volume.pixelUnshuffle2x2(out, x); }
    @Override public final void framesFromChannels(Tensor out, Tensor x, boolean dropFirst) { volume.framesFromChannels(out, x, dropFirst); }
    @Override public final void avgDown(Tensor out, Tensor x, int ft, int fs) { volume.avgDown(out, x, ft, fs); }
    @Override public final void copyFrames(Tensor dst, int dstFrame, Tensor src, int srcFrame, int frames) { volume.copyFrames(dst, dstFrame, src, srcFrame, frames); }
    @Override public final void patchify(Tensor tokens, Tensor latent) { volume.patchify(tokens, latent); }
    @Override public final void unpatchify(Tensor latent, Tensor tokens) { volume.unpatchify(latent, tokens); }
    @Override public final void rgbToBytes(Tensor out, Tensor rgb) { volume.rgbToBytes(out, rgb); }
    @Override public final void alphaComposite(Tensor out, Tensor alpha, Tensor fg, Tensor bg) { volume.alphaComposite(out, alpha, fg, bg); }
    @Override public final void conv1d(Tensor out, Tensor x, Tensor weight, Tensor bias, int dilation, int padding, int stride) { sequence.conv1d(out, x, weight, bias, dilation, padding, stride); }
    @Override public final void convTranspose1d(Tensor out, Tensor x, Tensor weight, Tensor bias, int stride, int padding) { sequence.convTranspose1d(out, x, weight, bias, stride, padding); }
    @Override public final void snakeBeta(Tensor out, Tensor x, Tensor freq, Tensor recip) { sequence.snakeBeta(out, x, freq, recip); }
    @Override public final void resampleFft(Tensor out, Tensor x) { sequence.resampleFft(out, x); }
    @Override public final void vaeSample(Tensor out, Tensor moments, Tensor noise) { sequence.vaeSample(out, moments, noise); }
}
