package dev.gallop.engine.models.demo;

import dev.gallop.engine.backend.Backends;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.models.AudioDecoder;
import dev.gallop.engine.models.audio.Conv1d;
import dev.gallop.engine.pipeline.DecodedAudio;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import java.io.IOException;
import java.nio.file.Path;

/// The demo model's audio decoder: one latent frame per video frame (25 Hz, A channels) → tone controls (pitch,
/// loudness, click) on the device → the [ToneSynth] waveform at 16 kHz, mono, on the host.
///
/// z = latent · latent_std + latent_mean; Conv1d(A → W, k 3, pad 1) → SiLU → Conv1d(W → W, k 3, pad 1) → SiLU →
/// Conv1d(W → 3, k 1), time-major, through the SPI's conv1d and silu. The de-normalization is a 1×1 convolution with
/// the diagonal weight diag(latent_std) and the bias latent_mean: one non-zero product per output, so it rounds exactly
/// as `latent·std + mean`. Trained in `inference/tools/src/train/python/demo/latent_codecs.py` (AudioDecoder).
///
/// The controls ([frames, 3]) are the network's output and the only values copied to the host: the synthesizer is a
/// serial oscillator (its phase accumulates in double precision over the whole clip, ≈ 1 ms for 2 s) shared bit for
/// bit with the demo world's clip generator, so it stays a host function rather than a device operation.
public final class DemoAudioDecoder implements AudioDecoder {
    private final Device device;
    private final Kernels kernels;
    private final int channels;
    private final Conv1d denorm, conv1, conv2, out;

    private DemoAudioDecoder(Device device, Kernels kernels, int channels, Conv1d denorm, Conv1d conv1, Conv1d conv2, Conv1d out) {
        this.device = device;
        this.kernels = kernels;
        this.channels = channels;
        this.denorm = denorm;
        this.conv1 = conv1;
        this.conv2 = conv2;
        this.out = out;
    }

    /// Loads `config.json` (latent_channels, width, sample_rate, hop) and `decoder.safetensors` from `folder` onto `device`.
    public static DemoAudioDecoder load(Path folder, Device device) throws IOException { return load(folder, device, false); }

    /// [#load(Path, Device)] on the CPU.
    public static DemoAudioDecoder load(Path folder) throws IOException { return load(folder, false); }

    /// On the CPU, with its scalar twins when `scalar` (the reference forms of the kernels).
    public static DemoAudioDecoder load(Path folder, boolean scalar) throws IOException {
        return load(folder, Backends.device("cpu"), scalar);
    }

    private static DemoAudioDecoder load(Path folder, Device device, boolean reference) throws IOException {
        try (DemoDecoderFiles f = DemoDecoderFiles.open(folder, "demo audio decoder")) {
            int a = f.integer("latent_channels"), w = f.integer("width");
            if (f.integer("sample_rate") != DemoFormat.SAMPLE_RATE || f.integer("hop") != DemoFormat.HOP) {
                throw new IOException(folder.resolve("config.json") + ": the tone synthesizer runs at " + DemoFormat.SAMPLE_RATE
                        + " Hz with a hop of " + DemoFormat.HOP + ", got " + f.config.get("sample_rate") + " / " + f.config.get("hop"));
            }
            float[] std = f.tensor("latent_std", a), diag = new float[a * a];
            for (int c = 0; c < a; c++) diag[c * a + c] = std[c];
            DemoAudioDecoder d = new DemoAudioDecoder(device, reference ? device.referenceKernels() : device.kernels(), a,
                    Conv1d.of(device, diag, f.tensor("latent_mean", a), a, a, 1, 1, 0, 1),
                    Conv1d.of(device, f.tensor("conv1.weight", w, a, 3), f.tensor("conv1.bias", w), a, w, 3, 1, 1, 1),
                    Conv1d.of(device, f.tensor("conv2.weight", w, w, 3), f.tensor("conv2.bias", w), w, w, 3, 1, 1, 1),
                    Conv1d.of(device, f.tensor("out.weight", ToneSynth.CONTROLS, w, 1), f.tensor("out.bias", ToneSynth.CONTROLS), w,
                            ToneSynth.CONTROLS, 1, 1, 0, 1));
            f.requireAllUsed();
            return d;
        }
    }

    public int channels() { return channels; }

    @Override public Device device() { return device; }

    @Override public DecodedAudio decode(Tensor latent) {
        int frames = latent.shape().dim(0);
        return new DecodedAudio(ToneSynth.synthesize(controls(latent.to(device)).toFloats(), frames), 1, DemoFormat.SAMPLE_RATE);
    }

    /// The tone controls [frames, 3] of a latent F32 [frames, A] on the decoder's device.
    public Tensor controls(Tensor latent) {
        if (latent.shape().rank() != 2 || latent.shape().dim(1) != channels || latent.shape().dim(0) < 1) {
            throw new IllegalArgumentException("audio latent must be [frames, " + channels + "] with at least one frame, got "
                    + latent.dtype() + latent.shape());
        }
        Tensor z = denorm.forward(kernels, latent);
        Tensor h = silu(conv1.forward(kernels, z));
        h = silu(conv2.forward(kernels, h));
        return out.forward(kernels, h);
    }

    /// The tone controls [frames, 3] of a host latent [frames, A].
    public float[] controls(float[] latent, int frames) {
        if (frames < 1 || latent.length != frames * channels) {
            throw new IllegalArgumentException("audio latent of " + latent.length + " floats is not [" + frames + ", " + channels + "]");
        }
        return controls(Tensor.fromFloats(device, Shape.of(frames, channels), latent)).toFloats();
    }

    private Tensor silu(Tensor x) {
        Tensor y = device.empty(DType.F32, x.shape());
        kernels.silu(y, x);
        return y;
    }
}
