package dev.gallop.engine.models.demo;

import dev.gallop.engine.backend.Backends;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.models.AudioDecoder;
import dev.gallop.engine.pipeline.DecodedAudio;
import java.io.IOException;
import java.nio.file.Path;

/// The demo model's audio decoder (kind `demo-tone`): the audio latent is the [ToneSynth]'s controls, one row per video
/// frame (pitch, loudness, click), standardised per channel. z = latent · latent_std + latent_mean gives the controls;
/// the synthesizer that made the training sound plays them at 16 kHz, mono, on the host (a serial oscillator whose
/// phase accumulates over the whole clip).
public final class DemoToneDecoder implements AudioDecoder {
    private final Device device;
    private final DemoDecoderFiles.Standardisation statistics;

    private DemoToneDecoder(Device device, DemoDecoderFiles.Standardisation statistics) {
        this.device = device;
        this.statistics = statistics;
    }

    /// Loads `config.json` (latent_channels 3, sample_rate, hop) and `decoder.safetensors` (latent_mean, latent_std).
    public static DemoToneDecoder load(Path folder, Device device) throws IOException {
        try (DemoDecoderFiles f = DemoDecoderFiles.open(folder, "demo tone decoder")) {
            int a = f.integer("latent_channels");
            if (a != ToneSynth.CONTROLS) throw new IOException(folder.resolve("config.json") + ": the tone latent has " + ToneSynth.CONTROLS + " channels, got latent_channels " + a);
            if (f.integer("sample_rate") != DemoFormat.SAMPLE_RATE || f.integer("hop") != DemoFormat.HOP) {
                throw new IOException(folder.resolve("config.json") + ": the tone synthesizer runs at " + DemoFormat.SAMPLE_RATE
                        + " Hz with a hop of " + DemoFormat.HOP + ", got " + f.config.get("sample_rate") + " / " + f.config.get("hop"));
            }
            DemoToneDecoder d = new DemoToneDecoder(device, f.standardisation(a));
            f.requireAllUsed();
            return d;
        }
    }

    /// [#load(Path, Device)] on the CPU.
    public static DemoToneDecoder load(Path folder) throws IOException { return load(folder, Backends.device("cpu")); }

    public int channels() { return ToneSynth.CONTROLS; }

    @Override public Device device() { return device; }

    @Override public DecodedAudio decode(Tensor latent) {
        if (latent.shape().rank() != 2 || latent.shape().dim(1) != ToneSynth.CONTROLS || latent.shape().dim(0) < 1) {
            throw new IllegalArgumentException("audio latent must be [frames, " + ToneSynth.CONTROLS + "] with at least one frame, got "
                    + latent.dtype() + latent.shape());
        }
        int frames = latent.shape().dim(0);
        return new DecodedAudio(ToneSynth.synthesize(controls(latent.toFloats(), frames), frames), 1, DemoFormat.SAMPLE_RATE);
    }

    /// The tone controls [frames, 3] of a host latent [frames, 3].
    public float[] controls(float[] latent, int frames) {
        if (frames < 1 || latent.length != frames * ToneSynth.CONTROLS) {
            throw new IllegalArgumentException("audio latent of " + latent.length + " floats is not [" + frames + ", " + ToneSynth.CONTROLS + "]");
        }
        float[] c = new float[latent.length];
        for (int i = 0; i < latent.length; i++) c[i] = statistics.undo(latent[i], i % ToneSynth.CONTROLS);
        return c;
    }
}
