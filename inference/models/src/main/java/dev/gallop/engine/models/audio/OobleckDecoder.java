package dev.gallop.engine.models.audio;

import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.models.AudioDecoder;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.pipeline.DecodedAudio;
import dev.gallop.engine.tensor.Shape;

/// The Oobleck decoder (spec §5.3) followed by MagiHuman's 51.2 → 44.1 kHz resample ([Resample441]).
///
/// Layers (keys under `decoder.`, widths for the real model):
/// * `layers.0`: conv k7 pad 3, latent 64 → 2048;
/// * `layers.1 … layers.5`: DecoderBlocks with strides 8, 8, 4, 4, 2: `layers.0` snake, `layers.1` ConvTranspose1d
///   (K = 2s, pad ⌈s/2⌉, in → out width), `layers.2 … 4` residual units with dilations 1, 3, 9 at the out width;
/// * `layers.6`: snake; `layers.7`: conv k7 pad 3 → 2 channels, no bias; then tanh only if `final_tanh`.
///
/// All activations are time-major; the latent is `[L, 64]`, the wave `[2048·L, 2]` interleaved stereo at 51 200 Hz.
public final class OobleckDecoder implements AudioDecoder {
    /// Key prefix of the autoencoder inside SAO's `model.safetensors`.
    public static final String DEFAULT_PREFIX = "pretransform.model";

    private final OobleckConfig cfg;
    private final Conv1d convIn, convOut;
    private final SnakeBeta[] blockSnakes;
    private final ConvTranspose1d[] upsamplers;
    private final ResidualUnit[][] units;
    private final SnakeBeta snakeOut;

    /// `w` is scoped at the autoencoder (e.g. `root.at(DEFAULT_PREFIX)`); reads every `decoder.*` key.
    private final Device device;

    public OobleckDecoder(OobleckConfig cfg, Weights w) {
        this.device = w.device();
        this.cfg = cfg;
        Weights l = w.at("decoder").at("layers");
        int depth = cfg.depth();
        int top = cfg.width(depth);
        convIn = new Conv1d(WeightNorm.load(l.at(0), top, cfg.decoderLatent(), 7), l.at(0).floats("bias", Shape.of(top)),
                cfg.decoderLatent(), top, 7, 1, 3, 1);
        blockSnakes = new SnakeBeta[depth];
        upsamplers = new ConvTranspose1d[depth];
        units = new ResidualUnit[depth][3];
        for (int b = 0; b < depth; b++) {
            int in = cfg.width(depth - b), out = cfg.width(depth - b - 1), s = cfg.strides()[depth - 1 - b];
            Weights blk = l.at(b + 1).at("layers");
            blockSnakes[b] = SnakeBeta.load(blk.at(0), in);
            upsamplers[b] = ConvTranspose1d.oobleck(WeightNorm.load(blk.at(1), in, out, 2 * s), blk.at(1).floats("bias", Shape.of(out)),
                    in, out, s);
            for (int u = 0; u < 3; u++) units[b][u] = new ResidualUnit(blk.at(2 + u), out, new int[] {1, 3, 9}[u]);
        }
        int base = cfg.width(0);
        snakeOut = SnakeBeta.load(l.at(depth + 1), base);
        convOut = new Conv1d(WeightNorm.load(l.at(depth + 2), cfg.ioChannels(), base, 7), null, base, cfg.ioChannels(), 7, 1, 3, 1);
    }

    public OobleckConfig config() { return cfg; }

    /// [AudioDecoder]: latent `[frames, 64]` → stereo at 44 100 Hz (`1764·frames` samples per channel).
    @Override public Device device() { return device; }

    @Override public DecodedAudio decode(Tensor latent) { return decode(latent.toFloats(), latent.shape().dim(0)); }

    @Override public DecodedAudio decode(float[] latent, int frames) {
        float[] wave = decodeWave(latent, frames, OobleckTap.NONE, true);
        return new DecodedAudio(Resample441.resample(wave, cfg.ioChannels()), cfg.ioChannels(), Resample441.TO_RATE);
    }

    /// The raw decoder: latent `[frames, 64]` → wave `[hop·frames, io]` at the 51 200 Hz convention. `vector`
    /// selects the GEMM kernels (true) or their scalar twins.
    public float[] decodeWave(float[] latent, int frames, OobleckTap tap, boolean vector) {
        if (frames < 1 || latent.length != (long) frames * cfg.decoderLatent()) {
            throw new IllegalArgumentException("Oobleck decoder latent has " + latent.length + " values, expected [" + frames + ", "
                    + cfg.decoderLatent() + "] with at least one frame");
        }
        int t = frames;
        float[] h = vector ? convIn.forward(latent, t) : convIn.forwardScalar(latent, t);
        tap.tap("layers.0", h, t, convIn.outChannels());
        for (int b = 0; b < upsamplers.length; b++) {
            h = vector ? blockSnakes[b].apply(h) : blockSnakes[b].applyScalar(h);
            int t2 = upsamplers[b].outLength(t);
            h = vector ? upsamplers[b].forward(h, t) : upsamplers[b].forwardScalar(h, t);
            t = t2;
            for (ResidualUnit u : units[b]) h = u.forward(h, t, vector);
            tap.tap("layers." + (b + 1), h, t, upsamplers[b].outChannels());
        }
        h = vector ? snakeOut.apply(h) : snakeOut.applyScalar(h);
        tap.tap("layers." + (upsamplers.length + 1), h, t, snakeOut.channels());
        h = vector ? convOut.forward(h, t) : convOut.forwardScalar(h, t);
        if (cfg.finalTanh()) for (int i = 0; i < h.length; i++) h[i] = (float) Math.tanh(h[i]);
        tap.tap("layers." + (upsamplers.length + 2), h, t, cfg.ioChannels());
        return h;
    }
}
