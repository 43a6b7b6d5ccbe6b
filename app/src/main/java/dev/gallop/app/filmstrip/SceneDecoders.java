package dev.gallop.app.filmstrip;

import dev.gallop.engine.pipeline.discovery.ModelManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/// Which models have a scene decoder: a video decoder that draws each frame's flat shapes from a few numbers per
/// frame (the demo model's `demo-scene`). It costs little next to a denoise step at any picture size, so every step of
/// such a model is decoded however large its frames; and its latent pixels are not patches of the picture, so no
/// latent colour map is learnt for it. Reads each model folder's `model.json` once; a folder without one (a models
/// root) or that cannot be read has none. UI thread only.
final class SceneDecoders {
    /// The video decoder kinds that draw scenes.
    static final Set<String> KINDS = Set.of("demo-scene");

    private final Map<Path, Boolean> known = new HashMap<>();

    /// Whether the model in `folder` has a scene decoder.
    boolean has(Path folder) {
        return known.computeIfAbsent(folder.toAbsolutePath().normalize(), SceneDecoders::read);
    }

    private static boolean read(Path folder) {
        if (!Files.isRegularFile(folder.resolve(ModelManifest.FILE))) return false;
        try {
            return ModelManifest.read(folder).component(ModelManifest.VIDEO_DECODER).map(c -> KINDS.contains(c.kind())).orElse(false);
        } catch (IOException | RuntimeException e) {
            return false;    // the decoder reports the problem when it is used
        }
    }
}
