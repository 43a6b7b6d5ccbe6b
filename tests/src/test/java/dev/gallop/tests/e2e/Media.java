package dev.gallop.tests.e2e;

import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.io.Checkpoints;
import dev.gallop.engine.io.safetensors.Checkpoint;
import dev.gallop.engine.media.AudioFiles;
import dev.gallop.engine.media.ImageFiles;
import dev.gallop.engine.media.WavWriter;
import dev.gallop.engine.models.audio.OobleckConfig;
import dev.gallop.engine.models.audio.OobleckDecoder;
import dev.gallop.engine.models.audio.OobleckEncoder;
import dev.gallop.engine.models.vae.LatentStats;
import dev.gallop.engine.models.vae.WanVaeConfig;
import dev.gallop.engine.models.vae.WanVaeEncoder;
import dev.gallop.engine.nn.WeightPolicy;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.pipeline.DecodedAudio;
import dev.gallop.engine.pipeline.VideoSize;
import dev.gallop.engine.sampling.GaussianNoise;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/// Input files for the end-to-end tests, and the latents the pipeline should derive from them, computed here with
/// the encoders of the tiny models root directly.
final class Media {
    private Media() {}

    /// A PNG with a colour gradient.
    static Path png(Path file, int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, (x * 255 / w) << 16 | (y * 255 / h) << 8 | 128);
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    /// A stereo WAV of a 440 Hz tone.
    static Path tone(Path file, double seconds, int rate) throws IOException {
        int n = (int) Math.round(seconds * rate);
        float[] s = new float[2 * n];
        for (int i = 0; i < n; i++) s[2 * i] = s[2 * i + 1] = (float) (0.4 * Math.sin(2 * Math.PI * 440 * i / rate));
        WavWriter.write(file, new DecodedAudio(s, 2, rate));
        return file;
    }

    /// The Wan2.2 latent [48, 1, h/16, w/16] of the image at (w, h), from the root's VAE.
    static float[] imageLatent(Path root, Path png, int w, int h) throws IOException {
        try (Checkpoint ck = Checkpoints.open(root.resolve("vae/wan2.2_vae.safetensors"))) {
            WanVaeConfig r = WanVaeConfig.REAL;
            WanVaeConfig cfg = new WanVaeConfig(ck.info("encoder.conv1.weight").shape().dim(0), 48, r.dimMult(), r.numResBlocks(), r.temporalDownsample());
            WanVaeEncoder enc = new WanVaeEncoder(cfg, LatentStats.WAN22, Weights.open(ck, CpuDevice.get(), WeightPolicy.KEEP));
            ImageFiles.Rgb img = ImageFiles.read(png);
            return enc.encode(img.rgb(), img.height(), img.width(), new VideoSize(w, h)).toFloats();
        }
    }

    /// The Oobleck latent of at most `latents` × 2048 samples of the track, sampled with the first draws of `seed`'s noise.
    static float[] audioLatent(Path root, Path wav, int latents, long seed) throws IOException {
        Path sao = root.resolve("vae/stable-audio-open-1.0");
        try (Checkpoint ck = Checkpoints.open(sao.resolve("model.safetensors"))) {
            OobleckEncoder enc = new OobleckEncoder(OobleckConfig.load(sao.resolve("model_config.json")),
                    Weights.open(ck, CpuDevice.get(), WeightPolicy.KEEP).at(OobleckDecoder.DEFAULT_PREFIX));
            float[] mono = AudioFiles.readMonoSamples(wav, enc.sampleRate(), latents * 2048L);
            return enc.encode(AudioFiles.toStereo(mono), new GaussianNoise(seed)).toFloats();
        }
    }
}
