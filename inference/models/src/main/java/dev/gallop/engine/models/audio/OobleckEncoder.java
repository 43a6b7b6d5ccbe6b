package dev.gallop.engine.models.audio;

import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.models.AudioEncoder;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.runtime.NoiseSource;
import dev.gallop.engine.tensor.Shape;

/// The Oobleck encoder (spec §3.5, §12) with the VAE posterior sample.
///
/// Layers (keys under `encoder.`, widths for the real model):
/// * `layers.0`: conv k7 pad 3, 2 → 128;
/// * `layers.1 … layers.5`: EncoderBlocks with strides 2, 4, 4, 8, 8: `layers.0 … 2` residual units (dilations
///   1, 3, 9) at the input width, `layers.3` snake, `layers.4` conv K = 2s, stride s, pad ⌈s/2⌉ (in → out width);
/// * `layers.6`: snake; `layers.7`: conv k3 pad 1, 2048 → 128.
///
/// The 128 output channels are (mean ‖ scale); the latent is `ε·(softplus(scale) + 1e-4) + mean`.
/// Input is interleaved stereo at the 51 200 Hz convention; the latent is time-major `[L, 64]`.
public final class OobleckEncoder implements AudioEncoder {
    private final OobleckConfig cfg;
    private final Conv1d convIn, convOut;
    private final ResidualUnit[][] units;
    private final SnakeBeta[] blockSnakes;
    private final Conv1d[] downsamplers;
    private final SnakeBeta snakeOut;

    /// Mean and scale halves of the encoder output, each time-major `[frames, latent]`.
    public record Moments(float[] mean, float[] scale, int frames, int channels) {
        /// softplus(scale) + 1e-4 (softplus with torch's threshold 20), float32.
        public float[] stdev() {
            float[] s = new float[scale.length];
            for (int i = 0; i < s.length; i++) {
                float x = scale[i];
                float sp = x > 20f ? x : (float) Math.log1p(Math.exp(x));
                s[i] = sp + 1e-4f;
            }
            return s;
        }

        /// `eps·stdev + mean` for a given ε `[frames, channels]`.
        public float[] sample(float[] eps) {
            if (eps.length != mean.length) throw new IllegalArgumentException("noise has " + eps.length + " values, expected ["
                    + frames + ", " + channels + "]");
            float[] sd = stdev(), out = new float[mean.length];
            for (int i = 0; i < out.length; i++) out[i] = eps[i] * sd[i] + mean[i];
            return out;
        }
    }

    /// `w` is scoped at the autoencoder (e.g. `root.at(OobleckDecoder.DEFAULT_PREFIX)`); reads every `encoder.*` key.
    private final Device device;

    public OobleckEncoder(OobleckConfig cfg, Weights w) {
        this.device = w.device();
        this.cfg = cfg;
        Weights l = w.at("encoder").at("layers");
        int depth = cfg.depth(), base = cfg.width(0);
        convIn = new Conv1d(WeightNorm.load(l.at(0), base, cfg.ioChannels(), 7), l.at(0).floats("bias", Shape.of(base)),
                cfg.ioChannels(), base, 7, 1, 3, 1);
        units = new ResidualUnit[depth][3];
        blockSnakes = new SnakeBeta[depth];
        downsamplers = new Conv1d[depth];
        for (int b = 0; b < depth; b++) {
            int in = cfg.width(b), out = cfg.width(b + 1), s = cfg.strides()[b];
            Weights blk = l.at(b + 1).at("layers");
            for (int u = 0; u < 3; u++) units[b][u] = new ResidualUnit(blk.at(u), in, new int[] {1, 3, 9}[u]);
            blockSnakes[b] = SnakeBeta.load(blk.at(3), in);
            downsamplers[b] = new Conv1d(WeightNorm.load(blk.at(4), out, in, 2 * s), blk.at(4).floats("bias", Shape.of(out)),
                    in, out, 2 * s, 1, (s + 1) / 2, s);
        }
        int top = cfg.width(depth);
        snakeOut = SnakeBeta.load(l.at(depth + 1), top);
        convOut = new Conv1d(WeightNorm.load(l.at(depth + 2), cfg.encoderLatent(), top, 3), l.at(depth + 2).floats("bias",
                Shape.of(cfg.encoderLatent())), top, cfg.encoderLatent(), 3, 1, 1, 1);
    }

    public OobleckConfig config() { return cfg; }

    @Override public int sampleRate() { return Resample441.FROM_RATE; }

    @Override public int samplesPerLatent() { return cfg.hopLength(); }

    /// [AudioEncoder]: interleaved stereo at 51 200 Hz → sampled latent `[L, 64]`; inputs longer than 29 s are encoded
    /// in overlapping windows ([WindowedEncode]). ε is drawn from `noise`, `[L, 64]` per window, in window order.
    @Override public Device device() { return device; }

    @Override public Tensor encode(float[] samples, NoiseSource noise) {
        float[] latent = encodeHost(samples, noise);
        return Tensor.fromFloats(device, Shape.of(latent.length / cfg.decoderLatent(), cfg.decoderLatent()), latent);
    }

    /// [#encode] as a host array `[L, 64]`.
    public float[] encodeHost(float[] samples, NoiseSource noise) {
        return WindowedEncode.encode(this, samples, noise);
    }

    /// One pass of the network over `samples [n, io]` (interleaved), giving the posterior moments.
    public Moments moments(float[] samples, OobleckTap tap, boolean vector) {
        int io = cfg.ioChannels();
        if (samples.length == 0 || samples.length % io != 0) {
            throw new IllegalArgumentException("Oobleck encoder input of " + samples.length + " values is not [n, " + io + "] with n >= 1");
        }
        int t = samples.length / io;
        float[] h = vector ? convIn.forward(samples, t) : convIn.forwardScalar(samples, t);
        tap.tap("layers.0", h, t, convIn.outChannels());
        for (int b = 0; b < downsamplers.length; b++) {
            for (ResidualUnit u : units[b]) h = u.forward(h, t, vector);
            h = vector ? blockSnakes[b].apply(h) : blockSnakes[b].applyScalar(h);
            int t2 = downsamplers[b].outLength(t);
            h = vector ? downsamplers[b].forward(h, t) : downsamplers[b].forwardScalar(h, t);
            t = t2;
            tap.tap("layers." + (b + 1), h, t, downsamplers[b].outChannels());
        }
        h = vector ? snakeOut.apply(h) : snakeOut.applyScalar(h);
        tap.tap("layers." + (downsamplers.length + 1), h, t, snakeOut.channels());
        h = vector ? convOut.forward(h, t) : convOut.forwardScalar(h, t);
        int lat = cfg.decoderLatent(), all = cfg.encoderLatent();
        tap.tap("layers." + (downsamplers.length + 2), h, t, all);
        float[] mean = new float[t * lat], scale = new float[t * lat];
        for (int i = 0; i < t; i++) {
            System.arraycopy(h, i * all, mean, i * lat, lat);
            System.arraycopy(h, i * all + lat, scale, i * lat, lat);
        }
        return new Moments(mean, scale, t, lat);
    }
}
