package dev.gallop.app.prompt;

import dev.gallop.engine.pipeline.VideoSize;
import dev.gallop.engine.pipeline.discovery.ModelManifest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/// A model the picker offers: a Gallop model folder (with `model.json`), whether it is the built-in demo, the pixel
/// size the model was trained at when its manifest says (`"video_size"`, the demo model's 64×64: requests for it use
/// that size instead of the aspect and resolution pickers), and the modes it can run: image → video needs an image
/// encoder, audio-conditioned an audio encoder.
public record ModelChoice(String name, Path folder, boolean builtIn, Optional<VideoSize> size, Set<GenerationMode> modes) {
    public ModelChoice {
        Objects.requireNonNull(size, "size");
        modes = Set.copyOf(modes);
        if (!modes.contains(GenerationMode.TEXT_TO_VIDEO)) throw new IllegalArgumentException("every model can run text → video");
    }

    /// A text-only model with no size of its own.
    public ModelChoice(String name, Path folder, boolean builtIn) { this(name, folder, builtIn, Optional.empty(), Set.of(GenerationMode.TEXT_TO_VIDEO)); }

    /// The model in `folder`, with the size and the inputs its `model.json` declares. A manifest that cannot be read
    /// gives text → video at the pickers' size here; the generator names the problem when the model is used.
    public static ModelChoice read(String name, Path folder, boolean builtIn) {
        Optional<VideoSize> own = Optional.empty();
        Set<GenerationMode> modes = EnumSet.of(GenerationMode.TEXT_TO_VIDEO);
        try {
            ModelManifest m = ModelManifest.read(folder);
            own = m.videoSize();
            if (m.component(ModelManifest.IMAGE_ENCODER).isPresent()) modes.add(GenerationMode.IMAGE_TO_VIDEO);
            if (m.component(ModelManifest.AUDIO_ENCODER).isPresent()) modes.add(GenerationMode.AUDIO_TO_VIDEO);
        } catch (IOException | RuntimeException e) {
            // reported by the generator when used
        }
        return new ModelChoice(name, folder, builtIn, own, modes);
    }

    public boolean takes(GenerationMode m) { return modes.contains(m); }

    @Override public String toString() { return builtIn ? name + " (built-in demo)" : name; }
}
