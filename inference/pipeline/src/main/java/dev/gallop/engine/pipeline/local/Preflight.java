package dev.gallop.engine.pipeline.local;

import dev.gallop.engine.io.Checkpoints;
import dev.gallop.engine.io.safetensors.Checkpoint;
import dev.gallop.engine.pipeline.GenerationEvent;
import dev.gallop.engine.pipeline.GenerationRequest;
import dev.gallop.engine.pipeline.SrStage;
import dev.gallop.engine.pipeline.discovery.ModelManifest;
import dev.gallop.engine.runtime.CancelToken;
import java.io.IOException;
import java.util.function.Consumer;

/// Before the expensive work, every component the request will need is opened and checked, so a broken decoder fails
/// the job in seconds instead of after minutes of denoising. The decoders and encoders are loaded (every weight's
/// key, shape, dtype and finiteness checked) and, when the generator releases parts after use, released again until
/// their stage; a super-resolution DiT (as large as the base one) has its config read and its checkpoint's headers
/// checked. The text encoder and the base DiT load first in any case.
final class Preflight {
    private Preflight() {}

    static void components(LoadedModel model, GenerationRequest r, Residency residency, Consumer<GenerationEvent> events,
                           CancelToken cancel) throws IOException {
        ModelManifest m = model.manifest();
        boolean any = m.component(ModelManifest.VIDEO_DECODER).isPresent() || m.component(ModelManifest.AUDIO_DECODER).isPresent()
                || r.image().isPresent() || r.audio().isPresent() || r.superResolution().isPresent();
        if (!any) return;
        events.accept(new GenerationEvent.Phase("checking components"));
        check(model, LoadedModel.Part.VIDEO_DECODER, residency, cancel, () -> model.videoDecoder());
        check(model, LoadedModel.Part.AUDIO_DECODER, residency, cancel, () -> model.audioDecoder());
        if (r.image().isPresent()) check(model, LoadedModel.Part.IMAGE_ENCODER, residency, cancel, () -> model.imageEncoder());
        if (r.audio().isPresent()) check(model, LoadedModel.Part.AUDIO_ENCODER, residency, cancel, () -> model.audioEncoder());
        if (r.superResolution().isPresent()) {
            cancel.throwIfCancelled();
            SrStage.Model sr = r.superResolution().get().model();
            ModelManifest.DitSpec spec = m.superResolution().get(sr);
            if (spec == null) return;   // refused with the manifest's reason by the request check
            spec.resolveConfig();
            try (Checkpoint c = Checkpoints.open(spec.path())) {
                if (c.keys().isEmpty()) throw new IOException("super-resolution DiT " + spec.path() + " holds no weights");
            }
        }
    }

    private interface Load {
        Object load() throws IOException;
    }

    private static void check(LoadedModel model, LoadedModel.Part part, Residency residency, CancelToken cancel, Load load)
            throws IOException {
        cancel.throwIfCancelled();
        boolean wasLoaded = model.isLoaded(part);
        Object loaded = load.load();
        if (loaded != null && !wasLoaded && residency == Residency.RELEASE_AFTER_USE) model.release(part);
    }
}
