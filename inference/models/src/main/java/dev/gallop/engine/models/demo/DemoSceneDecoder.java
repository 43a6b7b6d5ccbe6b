package dev.gallop.engine.models.demo;

import dev.gallop.engine.backend.Backends;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.models.VideoDecoder;
import dev.gallop.engine.pipeline.DecodedVideo;
import dev.gallop.engine.runtime.CancelToken;
import dev.gallop.engine.tensor.DType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

/// The demo model's video decoder (kind `demo-scene`, docs/models/demo.md): a latent [C, T, h, w] in the
/// [SceneLatent] space becomes 1 + 4(T − 1) RGB frames of (h·ds) × (w·ds) pixels.
///
/// 1. the mean of each channel over the latent pixels of a frame (they all carry the scene);
/// 2. z = mean · latent_std + latent_mean (per channel; the DiT works on standardised latents);
/// 3. each video frame's pose from its slot ([SceneLatent#pose]) drawn by [SceneRenderer].
///
/// The latent is a few numbers per frame (29 × T), so it is read to the host once and the frames are drawn there, in
/// parallel over frames; the renderer is the one that drew the training clips.
public final class DemoSceneDecoder implements VideoDecoder {
    private final Device device;
    private final int downsample;
    private final DemoDecoderFiles.Standardisation statistics;

    private DemoSceneDecoder(Device device, int downsample, DemoDecoderFiles.Standardisation statistics) {
        this.device = device;
        this.downsample = downsample;
        this.statistics = statistics;
    }

    /// Loads `config.json` (latent_channels, spatial_downsample) and `decoder.safetensors` (latent_mean, latent_std) from `folder`.
    public static DemoSceneDecoder load(Path folder, Device device) throws IOException {
        try (DemoDecoderFiles f = DemoDecoderFiles.open(folder, "demo scene decoder")) {
            int c = f.integer("latent_channels");
            if (c != SceneLatent.CHANNELS) {
                throw new IOException(folder.resolve("config.json") + ": the scene latent has " + SceneLatent.CHANNELS + " channels, got latent_channels " + c);
            }
            DemoSceneDecoder d = new DemoSceneDecoder(device, f.integer("spatial_downsample"), f.standardisation(c));
            f.requireAllUsed();
            return d;
        }
    }

    /// [#load(Path, Device)] on the CPU.
    public static DemoSceneDecoder load(Path folder) throws IOException { return load(folder, Backends.device("cpu")); }

    public int channels() { return SceneLatent.CHANNELS; }

    @Override public Device device() { return device; }

    @Override public DecodedVideo decode(Tensor latent, CancelToken cancel) {
        int[] d = latent.shape().dims();
        if (d.length != 4 || d[0] != SceneLatent.CHANNELS || latent.dtype() != DType.F32) {
            throw new IllegalArgumentException("demo scene decoder takes an F32 latent [" + SceneLatent.CHANNELS + ", T, h, w], got "
                    + latent.dtype() + latent.shape());
        }
        return decode(latent.toFloats(), d[0], d[1], d[2], d[3], cancel);
    }

    @Override public DecodedVideo decode(float[] latent, int c, int frames, int height, int width, CancelToken cancel) {
        if (c != SceneLatent.CHANNELS) throw new IllegalArgumentException("demo scene decoder takes " + SceneLatent.CHANNELS + " latent channels, got " + c);
        if (frames < 1 || height < 1 || width < 1 || latent.length != (long) c * frames * height * width) {
            throw new IllegalArgumentException("video latent of " + latent.length + " floats is not [" + c + ", " + frames + ", " + height + ", " + width + "]");
        }
        float[] scenes = scenes(latent, frames, height * width);                         // [T, C], raw
        int w = width * downsample, h = height * downsample, n = 1 + SceneLatent.FRAMES * (frames - 1), size = w * h * 3;
        byte[] rgb = new byte[Math.multiplyExact(n, size)];
        AtomicBoolean cancelled = new AtomicBoolean();
        IntStream.range(0, n).parallel().forEach(f -> {
            if (cancelled.get() || cancel.isCancelled()) {
                cancelled.set(true);
                return;
            }
            int t = f == 0 ? 0 : (f + SceneLatent.FRAMES - 1) / SceneLatent.FRAMES, j = f == 0 ? SceneLatent.FRAMES - 1 : (f - 1) % SceneLatent.FRAMES;
            SceneRenderer.draw(SceneLatent.pose(scenes, t * SceneLatent.CHANNELS, 1, j), rgb, f * size, w, h);
        });
        cancel.throwIfCancelled();
        return new DecodedVideo(rgb, n, h, w);
    }

    /// The raw scene [T, C] of a standardised latent [C, T, cells]: each channel's mean over the cells, de-standardised.
    float[] scenes(float[] latent, int frames, int cells) {
        int c = SceneLatent.CHANNELS;
        float[] out = new float[frames * c];
        for (int ch = 0; ch < c; ch++) {
            for (int t = 0; t < frames; t++) {
                double sum = 0;
                int base = (ch * frames + t) * cells;
                for (int i = 0; i < cells; i++) sum += latent[base + i];
                out[t * c + ch] = (float) statistics.undo(sum / cells, ch);
            }
        }
        return out;
    }
}
