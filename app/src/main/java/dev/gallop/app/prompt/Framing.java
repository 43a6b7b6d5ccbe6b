package dev.gallop.app.prompt;

import dev.gallop.engine.pipeline.VideoSize;
import java.util.Optional;

/// The shape of clip the prompt panel asks for: a model's own size (the demo's square; only for a model with a size of
/// its own) or one of the two aspects.
public enum Framing {
    OWN_SIZE, LANDSCAPE_16_9, PORTRAIT_9_16;

    /// The aspect, or empty for the model's own size.
    public Optional<VideoSize.Aspect> aspect() {
        return switch (this) {
            case OWN_SIZE -> Optional.empty();
            case LANDSCAPE_16_9 -> Optional.of(VideoSize.Aspect.LANDSCAPE_16_9);
            case PORTRAIT_9_16 -> Optional.of(VideoSize.Aspect.PORTRAIT_9_16);
        };
    }

    public static Framing of(VideoSize.Aspect a) { return a == VideoSize.Aspect.PORTRAIT_9_16 ? PORTRAIT_9_16 : LANDSCAPE_16_9; }
}
