package dev.gallop.engine.pipeline;

import java.nio.file.Path;
import java.util.Optional;

/// What the user asks for. Geometry follows the reference (docs/models/magihuman.md#geometry): n = round(25·s) + 1
/// audio latents (one per video frame at 25 fps), T = ⌊(n − 1)/4⌋ + 1 latent frames, and the decoded clip has
/// 1 + 4(T − 1) frames (5 s: n = 126, T = 32, 125 frames).
///
/// @param prompt   the structured prompt
/// @param image    optional reference image (image-to-video)
/// @param audio    optional audio track to condition on
/// @param seconds  requested duration
/// @param size     output pixel size (see [VideoSize])
/// @param seed     noise seed
/// With an audio track the track sets the length instead: n is its number of audio latents (51 200 Hz samples / 2048,
/// docs/models/magihuman.md#conditioning), at most the n = round(25·s) + 1 a text-only run of `seconds` has (so at
/// most n · 2048 samples are read).
/// The clip's [GeneratedClip#request()] then holds the length generated, (n − 1)/25 s.
///
/// @param steps    sampler steps (0 = the model's default)
/// @param model    a model folder (`model.json`) or a models root in the ComfyUI layout
/// @param variant  which base DiT of a models root (null: distill); must be null for a `model.json` folder
/// @param superResolution an optional super-resolution stage after the base stage (at `size`)
public record GenerationRequest(StructuredPrompt prompt, Optional<Path> image, Optional<Path> audio,
                                double seconds, VideoSize size, long seed, int steps, Path model, ModelVariant variant,
                                Optional<SrStage> superResolution) {
    public static final int FPS = 25;
    public static final double MAX_SECONDS = 30;

    public GenerationRequest {
        if (prompt == null) throw new IllegalArgumentException("a generation request needs a prompt");
        image = image == null ? Optional.empty() : image;
        audio = audio == null ? Optional.empty() : audio;
        superResolution = superResolution == null ? Optional.empty() : superResolution;
        if (!(seconds > 0) || seconds > MAX_SECONDS) {
            throw new IllegalArgumentException("duration " + seconds + " s is outside (0, " + MAX_SECONDS + "] s");
        }
        if (steps < 0 || steps > 1000) throw new IllegalArgumentException("steps " + steps + " is outside 0..1000");
        if (size == null) throw new IllegalArgumentException("a generation request needs a video size");
        if (model == null) throw new IllegalArgumentException("a generation request needs a model folder");
    }

    /// A request for the model's default variant.
    public GenerationRequest(StructuredPrompt prompt, Optional<Path> image, Optional<Path> audio,
                             double seconds, VideoSize size, long seed, int steps, Path model) {
        this(prompt, image, audio, seconds, size, seed, steps, model, null, Optional.empty());
    }

    /// This request with another duration.
    public GenerationRequest withSeconds(double s) {
        return new GenerationRequest(prompt, image, audio, s, size, seed, steps, model, variant, superResolution);
    }

    /// n = round(25·s) + 1: frames at 25 fps including frame 0; also the number of audio latents.
    public int audioFrames() { return (int) Math.round(seconds * FPS) + 1; }

    /// Latent frames T = ⌊(n − 1)/4⌋ + 1.
    public int latentFrames() { return (audioFrames() - 1) / 4 + 1; }

    /// Pixel frames of the decoded clip: 1 + 4(T − 1).
    public int videoFrames() { return 1 + 4 * (latentFrames() - 1); }

    /// The pixel size of the result: the super-resolution size when there is an SR stage, else `size`.
    public VideoSize outputSize() { return superResolution.map(SrStage::size).orElse(size); }
}
