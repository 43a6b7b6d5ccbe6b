package dev.gallop.engine.pipeline;

import dev.gallop.engine.backend.Device;
import dev.gallop.engine.io.safetensors.Checkpoint;
import dev.gallop.engine.models.magihuman.MagiHumanConfig;
import dev.gallop.engine.models.magihuman.MagiHumanDit;
import dev.gallop.engine.nn.WeightPolicy;
import dev.gallop.engine.nn.Weights;
import java.io.IOException;

/// A model folder loaded onto a device: the manifest, the DiT (weights mapped, strictly checked), the text encoder and
/// whichever decoders and encoders the manifest declares.
public final class LoadedModel implements AutoCloseable {
    private final ModelManifest manifest;
    private final MagiHumanDit dit;
    private final TextEncoder textEncoder;
    private final VideoDecoder videoDecoder;
    private final AudioDecoder audioDecoder;
    private final ImageEncoder imageEncoder;
    private final AudioEncoder audioEncoder;
    private final Checkpoint checkpoint;

    private LoadedModel(ModelManifest manifest, MagiHumanDit dit, TextEncoder textEncoder, VideoDecoder videoDecoder,
                        AudioDecoder audioDecoder, ImageEncoder imageEncoder, AudioEncoder audioEncoder, Checkpoint checkpoint) {
        this.manifest = manifest;
        this.dit = dit;
        this.textEncoder = textEncoder;
        this.videoDecoder = videoDecoder;
        this.audioDecoder = audioDecoder;
        this.imageEncoder = imageEncoder;
        this.audioEncoder = audioEncoder;
        this.checkpoint = checkpoint;
    }

    public static LoadedModel load(ModelManifest m, Device device) throws IOException {
        MagiHumanConfig cfg = MagiHumanConfig.fromJson(m.dit().resolve("config.json"));
        Checkpoint ckpt = Checkpoint.open(m.dit());
        try {
            Weights w = Weights.open(ckpt, device, m.precision() == dev.gallop.engine.runtime.Precision.MIXED_BF16 ? WeightPolicy.BF16 : WeightPolicy.KEEP);
            MagiHumanDit dit = new MagiHumanDit(cfg, w, device);
            w.requireAllConsumed();
            ComponentSpec tes = m.components().get(ModelManifest.TEXT_ENCODER);
            TextEncoder te = Components.textEncoder(tes, device);
            if (te.channels() != cfg.textChannels()) {
                throw new IOException("text encoder " + tes.path() + " gives " + te.channels() + "-wide features but the DiT ("
                        + m.dit() + ") expects text_in_channels " + cfg.textChannels());
            }
            VideoDecoder vd = m.component(ModelManifest.VIDEO_DECODER).isPresent() ? Components.videoDecoder(m.components().get(ModelManifest.VIDEO_DECODER), device) : null;
            AudioDecoder ad = m.component(ModelManifest.AUDIO_DECODER).isPresent() ? Components.audioDecoder(m.components().get(ModelManifest.AUDIO_DECODER), device) : null;
            ImageEncoder ie = m.component(ModelManifest.IMAGE_ENCODER).isPresent() ? Components.imageEncoder(m.components().get(ModelManifest.IMAGE_ENCODER), device) : null;
            AudioEncoder ae = m.component(ModelManifest.AUDIO_ENCODER).isPresent() ? Components.audioEncoder(m.components().get(ModelManifest.AUDIO_ENCODER), device) : null;
            return new LoadedModel(m, dit, te, vd, ad, ie, ae, ckpt);
        } catch (IOException | RuntimeException e) {
            ckpt.close();
            throw e;
        }
    }

    public ModelManifest manifest() { return manifest; }

    public MagiHumanDit dit() { return dit; }

    public TextEncoder textEncoder() { return textEncoder; }

    /// The video decoder, or null (latents only).
    public VideoDecoder videoDecoder() { return videoDecoder; }

    public AudioDecoder audioDecoder() { return audioDecoder; }

    public ImageEncoder imageEncoder() { return imageEncoder; }

    public AudioEncoder audioEncoder() { return audioEncoder; }

    @Override public void close() {
        try {
            checkpoint.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing " + manifest.dit() + ": " + e.getMessage(), e);
        }
    }
}
