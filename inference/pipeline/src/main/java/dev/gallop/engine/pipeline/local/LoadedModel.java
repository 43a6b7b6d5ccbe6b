package dev.gallop.engine.pipeline.local;

import dev.gallop.engine.backend.Backends;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.io.Checkpoints;
import dev.gallop.engine.io.safetensors.Checkpoint;
import dev.gallop.engine.models.AudioDecoder;
import dev.gallop.engine.models.AudioEncoder;
import dev.gallop.engine.models.ImageEncoder;
import dev.gallop.engine.models.TextEncoder;
import dev.gallop.engine.models.VideoDecoder;
import dev.gallop.engine.models.magihuman.MagiHumanConfig;
import dev.gallop.engine.models.magihuman.MagiHumanDit;
import dev.gallop.engine.nn.WeightPolicy;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.pipeline.SrStage;
import dev.gallop.engine.pipeline.discovery.ComponentSpec;
import dev.gallop.engine.pipeline.discovery.ModelManifest;
import dev.gallop.engine.runtime.Precision;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/// A model ([ModelManifest]) on a device, its components loaded on first use and releasable one by one: a generation
/// can drop the text encoder once the prompt is encoded, the base DiT before the super-resolution DiT runs, and so on.
/// DiT and T5Gemma weights stay memory-mapped (released = unmapped); the VAEs hold converted copies (released = left
/// to the garbage collector). The negative prompt's features are kept once encoded, across text-encoder releases.
public final class LoadedModel implements AutoCloseable {
    /// What a generation may hold: the key of each loaded part.
    public enum Part { TEXT_ENCODER, DIT, SR_540P, SR_1080P, VIDEO_DECODER, AUDIO_DECODER, IMAGE_ENCODER, AUDIO_ENCODER }

    private record Loaded(Object value, AutoCloseable closer) {}

    private final ModelManifest manifest;
    private final Device device;
    private final Placement placement;
    private final Map<Part, Loaded> parts = new LinkedHashMap<>();
    private Tensor negativeFeatures;   // [L, C] on the text encoder's device, encoded once

    private LoadedModel(ModelManifest manifest, Device device, Placement placement) {
        this.manifest = manifest;
        this.device = device;
        this.placement = placement;
    }

    /// A model whose components load on first use, all on `device` in the model's own format.
    public static LoadedModel lazy(ModelManifest m, Device device) { return new LoadedModel(m, device, Placement.RESIDENT); }

    /// A model whose components load on first use where `placement` puts them (the text encoder or the decoders on
    /// the CPU, the DiTs' weights in another format).
    public static LoadedModel lazy(ModelManifest m, Device device, Placement placement) { return new LoadedModel(m, device, placement); }

    public Placement placement() { return placement; }

    private Device textDevice() { return placement.textEncoderOnCpu() ? Backends.device("cpu") : device; }

    private Device decoderDevice() { return placement.decodersOnCpu() ? Backends.device("cpu") : device; }

    /// The device the components load onto (and the generation's latents live on).
    public Device device() { return device; }

    public ModelManifest manifest() { return manifest; }

    public MagiHumanDit dit() throws IOException { return (MagiHumanDit) part(Part.DIT, () -> loadDit(manifest.ditSpec())); }

    /// The super-resolution DiT `m`; its text coordinates are always the SR style (v1, docs/models/magihuman.md#rope).
    public MagiHumanDit srDit(SrStage.Model m) throws IOException {
        ModelManifest.DitSpec spec = manifest.superResolution().get(m);
        if (spec == null) {
            throw new IOException(manifest.whyUnavailable(m.label(), "model " + manifest.name() + " has no " + m.label()
                    + " super-resolution DiT"));
        }
        return (MagiHumanDit) part(m == SrStage.Model.P540 ? Part.SR_540P : Part.SR_1080P, () -> {
            MagiHumanConfig cfg = spec.resolveConfig().withTextCoords(MagiHumanConfig.TextCoords.V1);
            return loadDit(new ModelManifest.DitSpec(spec.path(), cfg));
        });
    }

    public TextEncoder textEncoder() throws IOException {
        return (TextEncoder) part(Part.TEXT_ENCODER, () -> closing(Components.textEncoder(manifest.components().get(ModelManifest.TEXT_ENCODER), textDevice(),
                placement.textEncoderWeights())));
    }

    /// The video decoder, or null (latents only).
    public VideoDecoder videoDecoder() throws IOException { return (VideoDecoder) optional(Part.VIDEO_DECODER, ModelManifest.VIDEO_DECODER); }

    public AudioDecoder audioDecoder() throws IOException { return (AudioDecoder) optional(Part.AUDIO_DECODER, ModelManifest.AUDIO_DECODER); }

    public ImageEncoder imageEncoder() throws IOException { return (ImageEncoder) optional(Part.IMAGE_ENCODER, ModelManifest.IMAGE_ENCODER); }

    public AudioEncoder audioEncoder() throws IOException { return (AudioEncoder) optional(Part.AUDIO_ENCODER, ModelManifest.AUDIO_ENCODER); }

    /// The negative prompt's features, encoded once (null when the manifest has none).
    public Tensor negativeFeatures() throws IOException {
        if (negativeFeatures == null && !manifest.negativePrompt().isBlank()) negativeFeatures = textEncoder().encode(manifest.negativePrompt());
        return negativeFeatures;
    }

    /// Whether `p` is loaded now.
    public boolean isLoaded(Part p) { return parts.containsKey(p); }

    /// Drops `p` (unmapping its weights when it maps them); it loads again on next use.
    public void release(Part p) {
        Loaded l = parts.remove(p);
        if (l != null && l.closer() != null) closeQuietly(l.closer());
    }

    @Override public void close() {
        for (Part p : Part.values()) release(p);
    }

    private interface Loader {
        Loaded load() throws IOException;
    }

    private Object part(Part p, Loader loader) throws IOException {
        Loaded l = parts.get(p);
        if (l == null) {
            l = loader.load();
            parts.put(p, l);
        }
        return l.value();
    }

    private Object optional(Part p, String role) throws IOException {
        ComponentSpec s = manifest.components().get(role);
        if (s == null) return null;
        return part(p, () -> closing(switch (p) {
            case VIDEO_DECODER -> Components.videoDecoder(s, decoderDevice());
            case AUDIO_DECODER -> Components.audioDecoder(s, decoderDevice());
            case IMAGE_ENCODER -> Components.imageEncoder(s, device);
            case AUDIO_ENCODER -> Components.audioEncoder(s, device);
            default -> throw new IllegalArgumentException(p.name());
        }));
    }

    private static Loaded closing(Object value) {
        return new Loaded(value, value instanceof AutoCloseable c ? c : null);
    }

    private Loaded loadDit(ModelManifest.DitSpec spec) throws IOException {
        MagiHumanConfig cfg = spec.resolveConfig();
        Checkpoint ckpt = Checkpoints.open(spec.path());
        try {
            WeightPolicy policy = placement.ditWeights() != null ? placement.ditWeights()
                    : manifest.precision() == Precision.MIXED_BF16 ? WeightPolicy.BF16 : WeightPolicy.KEEP;
            Weights w = Weights.open(ckpt, device, policy);
            MagiHumanDit dit = new MagiHumanDit(cfg, w, device, cfg.layersToStream(Math.min(cfg.layers(), placement.streamedLayers())));
            w.requireAllConsumed();
            return new Loaded(dit, () -> {
                dit.closeReplays();   // recorded forwards (CUDA graphs) hold device memory
                if (dit.stream() != null) dit.stream().close();
                ckpt.close();
            });
        } catch (RuntimeException e) {
            ckpt.close();
            throw e;
        }
    }

    private void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing a component of " + manifest.name() + ": " + e.getMessage(), e);
        }
    }
}
