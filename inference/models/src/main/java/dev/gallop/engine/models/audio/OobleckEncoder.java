package dev.gallop.engine.models.audio;

import dev.gallop.engine.backend.Backends;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.models.AudioEncoder;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.runtime.NoiseSource;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;

/// The Oobleck encoder (docs/models/vaes.md#oobleck-encoder; ref: stable-audio-tools `autoencoders.py`,
/// `OobleckEncoder`) with the VAE posterior sample (vaes.md#posterior-sample; `VAEBottleneck`), on the device of its
/// weights.
///
/// Layers (keys under `encoder.`, widths for the real model):
/// * `layers.0`: conv k7 pad 3, 2 → 128;
/// * `layers.1 … layers.5`: EncoderBlocks with strides 2, 4, 4, 8, 8: `layers.0 … 2` residual units (dilations
///   1, 3, 9) at the input width, `layers.3` snake, `layers.4` conv K = 2s, stride s, pad ⌈s/2⌉ (in → out width);
/// * `layers.6`: snake; `layers.7`: conv k3 pad 1, 2048 → 128.
///
/// The 128 output channels are the moments (mean ‖ scale); the latent is `ε·(softplus(scale) + 1e-4) + mean`
/// ([dev.gallop.engine.backend.SequenceKernels#vaeSample]). Input is interleaved stereo at the 51 200 Hz convention;
/// the latent is time-major `[L, 64]`. The user's waveform and the noise draws are the only host data an encode uploads.
public final class OobleckEncoder implements AudioEncoder {
    private final OobleckConfig cfg;
    private final Device device;
    private final Conv1d convIn, convOut;
    private final ResidualUnit[][] units;
    private final SnakeBeta[] blockSnakes;
    private final Conv1d[] downsamplers;
    private final SnakeBeta snakeOut;

    /// Mean and scale halves of the encoder output as host arrays, each time-major `[frames, latent]` (for taps and
    /// parity checks; an encode keeps them on the device). [#stdev] and [#sample] run the posterior on the CPU.
    public record Moments(float[] mean, float[] scale, int frames, int channels) {
        public Moments {
            if (mean.length != (long) frames * channels || scale.length != mean.length) {
                throw new IllegalArgumentException("moments of " + mean.length + " and " + scale.length + " values are not [" + frames + ", "
                        + channels + "] each");
            }
        }

        /// softplus(scale) + 1e-4 (torch's softplus, threshold 20), float32: the sample at ε = 1 and mean 0.
        public float[] stdev() {
            float[] ones = new float[mean.length];
            java.util.Arrays.fill(ones, 1f);
            return new Moments(new float[mean.length], scale, frames, channels).sample(ones);
        }

        /// `ε·stdev + mean` for a given ε `[frames, channels]`.
        public float[] sample(float[] eps) {
            if (eps.length != mean.length) throw new IllegalArgumentException("noise has " + eps.length + " values, expected ["
                    + frames + ", " + channels + "]");
            Device cpu = Backends.device("cpu");
            float[] both = new float[2 * mean.length];
            for (int t = 0; t < frames; t++) {
                System.arraycopy(mean, t * channels, both, 2 * t * channels, channels);
                System.arraycopy(scale, t * channels, both, (2 * t + 1) * channels, channels);
            }
            Tensor out = cpu.empty(DType.F32, Shape.of(frames, channels));
            cpu.kernels().vaeSample(out, Tensor.fromFloats(cpu, Shape.of(frames, 2 * channels), both),
                    Tensor.fromFloats(cpu, Shape.of(frames, channels), eps));
            return out.toFloats();
        }
    }

    /// `w` is scoped at the autoencoder (e.g. `root.at(OobleckDecoder.DEFAULT_PREFIX)`); reads every `encoder.*` key
    /// into device memory of its own.
    public OobleckEncoder(OobleckConfig cfg, Weights w) {
        this.device = w.device();
        this.cfg = cfg;
        Weights l = w.at("encoder").at("layers");
        int depth = cfg.depth(), base = cfg.width(0);
        convIn = Conv1d.weightNormed(l.at(0), cfg.ioChannels(), base, 7, 1, 3, 1, true);
        units = new ResidualUnit[depth][3];
        blockSnakes = new SnakeBeta[depth];
        downsamplers = new Conv1d[depth];
        for (int b = 0; b < depth; b++) {
            int in = cfg.width(b), out = cfg.width(b + 1), s = cfg.strides()[b];
            Weights blk = l.at(b + 1).at("layers");
            for (int u = 0; u < 3; u++) units[b][u] = new ResidualUnit(blk.at(u), in, new int[] {1, 3, 9}[u]);
            blockSnakes[b] = SnakeBeta.load(blk.at(3), in);
            downsamplers[b] = Conv1d.weightNormed(blk.at(4), in, out, 2 * s, 1, (s + 1) / 2, s, true);
        }
        int top = cfg.width(depth);
        snakeOut = SnakeBeta.load(l.at(depth + 1), top);
        convOut = Conv1d.weightNormed(l.at(depth + 2), top, cfg.encoderLatent(), 3, 1, 1, 1, true);
    }

    public OobleckConfig config() { return cfg; }

    @Override public Device device() { return device; }

    @Override public int sampleRate() { return Resample441.FROM_RATE; }

    @Override public int samplesPerLatent() { return cfg.hopLength(); }

    /// [AudioEncoder]: interleaved stereo at 51 200 Hz → sampled latent `[L, 64]` on the device; inputs longer than
    /// 29 s are encoded in overlapping windows ([WindowedEncode]). ε is drawn from `noise`, `[L, 64]` per window, in
    /// window order.
    @Override public Tensor encode(float[] samples, NoiseSource noise) {
        return WindowedEncode.encode(this, device.kernels(), samples, noise);
    }

    /// One pass of the network on the device: wave `[n, io]` → moments `[L, 2·latent]` (mean ‖ scale).
    public Tensor moments(Kernels k, Tensor wave, OobleckTap tap) {
        if (wave.shape().rank() != 2 || wave.shape().dim(1) != cfg.ioChannels() || wave.shape().dim(0) < 1) {
            throw new IllegalArgumentException("Oobleck encoder input must be [n, " + cfg.ioChannels() + "] with n >= 1, got "
                    + wave.dtype() + wave.shape());
        }
        Tensor h = convIn.forward(k, wave);
        OobleckTap.send(tap, "layers.0", h);
        for (int b = 0; b < downsamplers.length; b++) {
            for (ResidualUnit u : units[b]) h = u.forward(k, h);
            blockSnakes[b].forward(k, h, h);
            h = downsamplers[b].forward(k, h);
            OobleckTap.send(tap, "layers." + (b + 1), h);
        }
        snakeOut.forward(k, h, h);
        OobleckTap.send(tap, "layers." + (downsamplers.length + 1), h);
        h = convOut.forward(k, h);
        OobleckTap.send(tap, "layers." + (downsamplers.length + 2), h);
        return h;
    }

    /// [#moments(Kernels, Tensor, OobleckTap)] of host samples `[n, io]` (interleaved), returned as host halves;
    /// `vector` picks the device's kernels or their reference forms (the CPU's scalar twins).
    public Moments moments(float[] samples, OobleckTap tap, boolean vector) {
        int io = cfg.ioChannels();
        if (samples.length == 0 || samples.length % io != 0) {
            throw new IllegalArgumentException("Oobleck encoder input of " + samples.length + " values is not [n, " + io + "] with n >= 1");
        }
        Tensor wave = Tensor.fromFloats(device, Shape.of(samples.length / io, io), samples);
        float[] h = moments(vector ? device.kernels() : device.referenceKernels(), wave, tap).toFloats();
        int lat = cfg.decoderLatent(), all = cfg.encoderLatent(), t = h.length / all;
        float[] mean = new float[t * lat], scale = new float[t * lat];
        for (int i = 0; i < t; i++) {
            System.arraycopy(h, i * all, mean, i * lat, lat);
            System.arraycopy(h, i * all + lat, scale, i * lat, lat);
        }
        return new Moments(mean, scale, t, lat);
    }
}
