package dev.gallop.engine.models.audio;

import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.models.AudioDecoder;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.pipeline.DecodedAudio;
import dev.gallop.engine.tensor.Shape;

/// The Oobleck decoder (docs/models/vaes.md#oobleck-decoder; ref: stable-audio-tools `autoencoders.py`,
/// `OobleckDecoder`) followed by MagiHuman's
/// 51.2 → 44.1 kHz resample ([Resample441]), on the device of its weights.
///
/// Layers (keys under `decoder.`, widths for the real model):
/// * `layers.0`: conv k7 pad 3, latent 64 → 2048;
/// * `layers.1 … layers.5`: DecoderBlocks with strides 8, 8, 4, 4, 2: `layers.0` snake, `layers.1` ConvTranspose1d
///   (K = 2s, pad ⌈s/2⌉, in → out width), `layers.2 … 4` residual units with dilations 1, 3, 9 at the out width;
/// * `layers.6`: snake; `layers.7`: conv k7 pad 3 → 2 channels, no bias. (A decoder configured with `final_tanh`
///   is refused: Stable-Audio-Open's has none.)
///
/// All activations are time-major device tensors; the latent is `[L, 64]`, the wave `[2048·L, 2]` (stereo) at the
/// 51 200 Hz convention. A decode copies only the finished 44.1 kHz waveform to the host.
public final class OobleckDecoder implements AudioDecoder {
    /// Key prefix of the autoencoder inside SAO's `model.safetensors`.
    public static final String DEFAULT_PREFIX = "pretransform.model";

    private final OobleckConfig cfg;
    private final Device device;
    private final Conv1d convIn, convOut;
    private final SnakeBeta[] blockSnakes;
    private final ConvTranspose1d[] upsamplers;
    private final ResidualUnit[][] units;
    private final SnakeBeta snakeOut;

    /// `w` is scoped at the autoencoder (e.g. `root.at(DEFAULT_PREFIX)`); reads every `decoder.*` key into device
    /// memory of its own (weight norms folded on the host first), so the checkpoint may be closed afterwards.
    public OobleckDecoder(OobleckConfig cfg, Weights w) {
        if (cfg.finalTanh()) throw new IllegalArgumentException("Oobleck decoder with final_tanh = true is not supported (Stable-Audio-Open's has none)");
        this.device = w.device();
        this.cfg = cfg;
        Weights l = w.at("decoder").at("layers");
        int depth = cfg.depth();
        int top = cfg.width(depth);
        convIn = Conv1d.weightNormed(l.at(0), cfg.decoderLatent(), top, 7, 1, 3, 1, true);
        blockSnakes = new SnakeBeta[depth];
        upsamplers = new ConvTranspose1d[depth];
        units = new ResidualUnit[depth][3];
        for (int b = 0; b < depth; b++) {
            int in = cfg.width(depth - b), out = cfg.width(depth - b - 1), s = cfg.strides()[depth - 1 - b];
            Weights blk = l.at(b + 1).at("layers");
            blockSnakes[b] = SnakeBeta.load(blk.at(0), in);
            upsamplers[b] = ConvTranspose1d.oobleck(blk.at(1), in, out, s);
            for (int u = 0; u < 3; u++) units[b][u] = new ResidualUnit(blk.at(2 + u), out, new int[] {1, 3, 9}[u]);
        }
        int base = cfg.width(0);
        snakeOut = SnakeBeta.load(l.at(depth + 1), base);
        convOut = Conv1d.weightNormed(l.at(depth + 2), base, cfg.ioChannels(), 7, 1, 3, 1, false);
    }

    public OobleckConfig config() { return cfg; }

    @Override public Device device() { return device; }

    /// [AudioDecoder]: latent `[frames, 64]` → stereo at 44 100 Hz (`1764·frames` samples per channel).
    @Override public DecodedAudio decode(Tensor latent) {
        Kernels k = device.kernels();
        Tensor wave = Resample441.resample(k, decodeWave(k, latent.to(device), OobleckTap.NONE));
        return new DecodedAudio(wave.toFloats(), cfg.ioChannels(), Resample441.TO_RATE);
    }

    /// The raw decoder on the device: latent F32 `[frames, 64]` → wave `[hop·frames, io]` at the 51 200 Hz convention.
    public Tensor decodeWave(Kernels k, Tensor latent, OobleckTap tap) {
        if (latent.shape().rank() != 2 || latent.shape().dim(1) != cfg.decoderLatent() || latent.shape().dim(0) < 1) {
            throw new IllegalArgumentException("Oobleck decoder latent must be [frames, " + cfg.decoderLatent() + "] with at least one frame, got "
                    + latent.dtype() + latent.shape());
        }
        Tensor h = convIn.forward(k, latent);
        OobleckTap.send(tap, "layers.0", h);
        for (int b = 0; b < upsamplers.length; b++) {
            blockSnakes[b].forward(k, h, h);
            h = upsamplers[b].forward(k, h);
            for (ResidualUnit u : units[b]) h = u.forward(k, h);
            OobleckTap.send(tap, "layers." + (b + 1), h);
        }
        snakeOut.forward(k, h, h);
        OobleckTap.send(tap, "layers." + (upsamplers.length + 1), h);
        h = convOut.forward(k, h);
        OobleckTap.send(tap, "layers." + (upsamplers.length + 2), h);
        return h;
    }

    /// [#decodeWave(Kernels, Tensor, OobleckTap)] from and to host arrays: latent `[frames, 64]` → wave `[hop·frames, io]`,
    /// with the device's kernels (`vector`) or their reference forms (the CPU's scalar twins).
    public float[] decodeWave(float[] latent, int frames, OobleckTap tap, boolean vector) {
        if (frames < 1 || latent.length != (long) frames * cfg.decoderLatent()) {
            throw new IllegalArgumentException("Oobleck decoder latent has " + latent.length + " values, expected [" + frames + ", "
                    + cfg.decoderLatent() + "] with at least one frame");
        }
        Tensor z = Tensor.fromFloats(device, Shape.of(frames, cfg.decoderLatent()), latent);
        return decodeWave(vector ? device.kernels() : device.referenceKernels(), z, tap).toFloats();
    }
}
