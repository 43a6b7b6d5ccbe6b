package dev.gallop.app.prompt;

import dev.gallop.engine.pipeline.VideoSize;
import dev.gallop.engine.pipeline.discovery.ModelManifest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/// A model the picker offers: a Gallop model folder (with `model.json`), whether it is the built-in demo, the pixel
/// size the model was trained at when its manifest says (`"video_size"`, the demo model's own size: requests for it
/// use that size, or its size for an aspect, instead of the aspect and resolution pickers), the sizes it makes per
/// aspect (`"aspect_sizes"`), and the modes it can run: image → video needs an image encoder, audio-conditioned an
/// audio encoder.
public record ModelChoice(String name, Path folder, boolean builtIn, Optional<VideoSize> size, Map<VideoSize.Aspect, VideoSize> aspectSizes,
                          Set<GenerationMode> modes) {
    public ModelChoice {
        Objects.requireNonNull(size, "size");
        aspectSizes = Map.copyOf(aspectSizes);
        modes = Set.copyOf(modes);
        if (!modes.contains(GenerationMode.TEXT_TO_VIDEO)) throw new IllegalArgumentException("every model can run text → video");
        if (size.isEmpty() && !aspectSizes.isEmpty()) throw new IllegalArgumentException("sizes per aspect need a size of the model's own");
    }

    /// A model with no sizes per aspect.
    public ModelChoice(String name, Path folder, boolean builtIn, Optional<VideoSize> size, Set<GenerationMode> modes) {
        this(name, folder, builtIn, size, Map.of(), modes);
    }

    /// A text-only model with no size of its own.
    public ModelChoice(String name, Path folder, boolean builtIn) { this(name, folder, builtIn, Optional.empty(), Set.of(GenerationMode.TEXT_TO_VIDEO)); }

    /// The model in `folder`, with the sizes and the inputs its `model.json` declares. A manifest that cannot be read
    /// gives text → video at the pickers' size here; the generator names the problem when the model is used.
    public static ModelChoice read(String name, Path folder, boolean builtIn) {
        Optional<VideoSize> own = Optional.empty();
        Map<VideoSize.Aspect, VideoSize> perAspect = Map.of();
        Set<GenerationMode> modes = EnumSet.of(GenerationMode.TEXT_TO_VIDEO);
        try {
            ModelManifest m = ModelManifest.read(folder);
            own = m.videoSize();
            if (own.isPresent()) perAspect = m.aspectSizes();
            if (m.component(ModelManifest.IMAGE_ENCODER).isPresent()) modes.add(GenerationMode.IMAGE_TO_VIDEO);
            if (m.component(ModelManifest.AUDIO_ENCODER).isPresent()) modes.add(GenerationMode.AUDIO_TO_VIDEO);
        } catch (IOException | RuntimeException e) {
            // reported by the generator when used
        }
        return new ModelChoice(name, folder, builtIn, own, perAspect, modes);
    }

    public boolean takes(GenerationMode m) { return modes.contains(m); }

    /// The framings this model offers: its own size and the aspects it has a size for, or, without a size of its
    /// own, the two aspects (at the resolution picker's size).
    public Set<Framing> framings() {
        if (size.isEmpty()) return EnumSet.of(Framing.LANDSCAPE_16_9, Framing.PORTRAIT_9_16);
        Set<Framing> out = EnumSet.of(Framing.OWN_SIZE);
        for (VideoSize.Aspect a : aspectSizes.keySet()) out.add(Framing.of(a));
        return out;
    }

    /// The size a request in `framing` is made at, for a model with a size of its own: its size for the aspect when it
    /// has one, else its own size. Empty for a model without a size of its own (the aspect and resolution pickers say).
    public Optional<VideoSize> size(Framing framing) {
        return size.map(own -> framing.aspect().map(aspectSizes::get).orElse(own));
    }

    @Override public String toString() { return builtIn ? name + " (built-in demo)" : name; }
}
