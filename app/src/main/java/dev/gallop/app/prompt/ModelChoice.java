package dev.gallop.app.prompt;

import dev.gallop.engine.pipeline.VideoSize;
import dev.gallop.engine.pipeline.discovery.ModelManifest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/// A model the picker offers: a Gallop model folder (with `model.json`), whether it is the built-in demo, and the
/// pixel size the model was trained at when its manifest says (`"video_size"`, the demo model's 64×64): requests for
/// it use that size instead of the aspect and resolution pickers.
public record ModelChoice(String name, Path folder, boolean builtIn, Optional<VideoSize> size) {
    public ModelChoice {
        Objects.requireNonNull(size, "size");
    }

    /// A model with no size of its own.
    public ModelChoice(String name, Path folder, boolean builtIn) { this(name, folder, builtIn, Optional.empty()); }

    /// The model in `folder`, with the size its `model.json` declares. A manifest that cannot be read gives no size
    /// here; the generator names the problem when the model is used.
    public static ModelChoice read(String name, Path folder, boolean builtIn) {
        Optional<VideoSize> own;
        try {
            own = ModelManifest.read(folder).videoSize();
        } catch (IOException | RuntimeException e) {
            own = Optional.empty();
        }
        return new ModelChoice(name, folder, builtIn, own);
    }

    @Override public String toString() { return builtIn ? name + " (built-in demo)" : name; }
}
