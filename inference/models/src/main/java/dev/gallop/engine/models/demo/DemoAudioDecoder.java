package dev.gallop.engine.models.demo;

import dev.gallop.engine.backend.Backends;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.models.AudioDecoder;
import dev.gallop.engine.models.audio.Conv1d;
import dev.gallop.engine.pipeline.DecodedAudio;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import java.io.IOException;
import java.nio.file.Path;

/// The demo model's audio decoder: one latent frame per video frame (25 Hz, A channels) → tone controls (pitch,
/// loudness, click) → the [ToneSynth] waveform at 16 kHz, mono.
///
/// z = latent · latent_std + latent_mean; Conv1d(A → W, k 3, pad 1) → SiLU → Conv1d(W → W, k 3, pad 1) → SiLU →
/// Conv1d(W → 3, k 1). The convolutions are the engine's time-major [Conv1d] (GEMM path and scalar twin; `scalar`
/// selects the twins) and SiLU the CPU device's kernel. Trained in
/// `inference/src/train/python/demo/latent_codecs.py` (AudioDecoder).
public final class DemoAudioDecoder implements AudioDecoder {
    private final int channels;
    private final float[] mean, std;
    private final Conv1d conv1, conv2, out;
    private final boolean scalar;

    private DemoAudioDecoder(int channels, float[] mean, float[] std, Conv1d conv1, Conv1d conv2, Conv1d out, boolean scalar) {
        this.channels = channels;
        this.mean = mean;
        this.std = std;
        this.conv1 = conv1;
        this.conv2 = conv2;
        this.out = out;
        this.scalar = scalar;
    }

    /// Loads `config.json` (latent_channels, width, sample_rate, hop) and `decoder.safetensors` from `folder`.
    public static DemoAudioDecoder load(Path folder) throws IOException { return load(folder, false); }

    public static DemoAudioDecoder load(Path folder, boolean scalar) throws IOException {
        try (DemoDecoderFiles f = DemoDecoderFiles.open(folder, "demo audio decoder")) {
            int a = f.integer("latent_channels"), w = f.integer("width");
            if (f.integer("sample_rate") != DemoFormat.SAMPLE_RATE || f.integer("hop") != DemoFormat.HOP) {
                throw new IOException(folder.resolve("config.json") + ": the tone synthesizer runs at " + DemoFormat.SAMPLE_RATE
                        + " Hz with a hop of " + DemoFormat.HOP + ", got " + f.config.get("sample_rate") + " / " + f.config.get("hop"));
            }
            DemoAudioDecoder d = new DemoAudioDecoder(a, f.tensor("latent_mean", a), f.tensor("latent_std", a),
                    new Conv1d(f.tensor("conv1.weight", w, a, 3), f.tensor("conv1.bias", w), a, w, 3, 1, 1, 1),
                    new Conv1d(f.tensor("conv2.weight", w, w, 3), f.tensor("conv2.bias", w), w, w, 3, 1, 1, 1),
                    new Conv1d(f.tensor("out.weight", ToneSynth.CONTROLS, w, 1), f.tensor("out.bias", ToneSynth.CONTROLS), w, ToneSynth.CONTROLS, 1, 1, 0, 1),
                    scalar);
            f.requireAllUsed();
            return d;
        }
    }

    public int channels() { return channels; }

    @Override public Device device() { return Backends.device("cpu"); }

    @Override public DecodedAudio decode(Tensor latent) { return decode(latent.toFloats(), latent.shape().dim(0)); }

    @Override public DecodedAudio decode(float[] latent, int frames) {
        return new DecodedAudio(ToneSynth.synthesize(controls(latent, frames), frames), 1, DemoFormat.SAMPLE_RATE);
    }

    /// The tone controls [frames, 3] of a latent [frames, A].
    public float[] controls(float[] latent, int frames) {
        if (frames < 1 || latent.length != frames * channels) {
            throw new IllegalArgumentException("audio latent of " + latent.length + " floats is not [" + frames + ", " + channels + "]");
        }
        float[] z = new float[latent.length];
        for (int i = 0; i < latent.length; i++) z[i] = latent[i] * std[i % channels] + mean[i % channels];
        float[] h = silu(conv(conv1, z, frames));
        h = silu(conv(conv2, h, frames));
        return conv(out, h, frames);
    }

    private float[] conv(Conv1d c, float[] x, int t) { return scalar ? c.forwardScalar(x, t) : c.forward(x, t); }

    private float[] silu(float[] x) {
        Device cpu = device();
        Tensor in = Tensor.fromFloats(cpu, Shape.of(x.length), x), out = cpu.empty(DType.F32, in.shape());
        cpu.kernels().silu(out, in);
        return out.toFloats();
    }
}
