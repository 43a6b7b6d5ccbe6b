package dev.gallop.engine.pipeline;

import dev.gallop.engine.backend.Device;
import dev.gallop.engine.io.safetensors.Checkpoint;
import dev.gallop.engine.models.magihuman.MagiHumanConfig;
import dev.gallop.engine.models.magihuman.MagiHumanDit;
import dev.gallop.engine.models.text.EmbeddingTextEncoder;
import dev.gallop.engine.nn.WeightPolicy;
import dev.gallop.engine.nn.Weights;
import java.io.IOException;

/// A model folder loaded onto a device: the manifest, the DiT (weights mapped, strictly checked) and the text encoder.
public final class LoadedModel implements AutoCloseable {
    private final ModelManifest manifest;
    private final MagiHumanDit dit;
    private final TextEncoder textEncoder;
    private final Checkpoint checkpoint;

    private LoadedModel(ModelManifest manifest, MagiHumanDit dit, TextEncoder textEncoder, Checkpoint checkpoint) {
        this.manifest = manifest;
        this.dit = dit;
        this.textEncoder = textEncoder;
        this.checkpoint = checkpoint;
    }

    public static LoadedModel load(ModelManifest m, Device device) throws IOException {
        MagiHumanConfig cfg = MagiHumanConfig.fromJson(m.dit().resolve("config.json"));
        Checkpoint ckpt = Checkpoint.open(m.dit());
        try {
            Weights w = Weights.open(ckpt, device, m.precision() == dev.gallop.engine.runtime.Precision.MIXED_BF16 ? WeightPolicy.BF16 : WeightPolicy.KEEP);
            MagiHumanDit dit = new MagiHumanDit(cfg, w, device);
            w.requireAllConsumed();
            TextEncoder te = EmbeddingTextEncoder.load(m.textEncoder());
            if (te.channels() != cfg.textChannels()) {
                throw new IOException("text encoder " + m.textEncoder() + " gives " + te.channels() + "-wide features but the DiT ("
                        + m.dit() + ") expects text_in_channels " + cfg.textChannels());
            }
            return new LoadedModel(m, dit, te, ckpt);
        } catch (IOException | RuntimeException e) {
            ckpt.close();
            throw e;
        }
    }

    public ModelManifest manifest() { return manifest; }

    public MagiHumanDit dit() { return dit; }

    public TextEncoder textEncoder() { return textEncoder; }

    @Override public void close() {
        try {
            checkpoint.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing " + manifest.dit() + ": " + e.getMessage(), e);
        }
    }
}
