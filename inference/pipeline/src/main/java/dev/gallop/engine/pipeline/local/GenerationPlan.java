package dev.gallop.engine.pipeline.local;

import dev.gallop.engine.models.magihuman.MagiHumanConfig;
import dev.gallop.engine.pipeline.GenerationRequest;
import dev.gallop.engine.pipeline.SrStage;
import dev.gallop.engine.pipeline.VideoSize;
import dev.gallop.engine.pipeline.discovery.ModelManifest;
import java.io.IOException;
import java.util.Locale;

/// The sizes a request asks of a model, computed before any weights load: the latent geometry of each stage, the
/// decoded clip, the memory they take and the files they make. [#check] refuses what cannot work, with the limit
/// and a way out, so nothing fails (or overflows an array size) after the expensive work: every array the engine
/// makes for the clip must fit in a Java array, and the latents and decoded frames must fit the heap the JVM may use.
///
/// @param channels      video latent channels C
/// @param latentFrames  T
/// @param latentHeight  H of the base stage
/// @param latentWidth   W of the base stage
/// @param audioLatents  n (at most: an audio track may make it shorter)
/// @param audioChannels A
/// @param srHeight      H of the super-resolution stage (0 without one)
/// @param srWidth       W of the super-resolution stage
/// @param steps         sampler steps of the base stage
/// @param srSteps       steps of the super-resolution stage (0 without one)
/// @param frames        decoded video frames 1 + 4(T − 1)
/// @param output        the decoded clip's pixel size
public record GenerationPlan(int channels, int latentFrames, int latentHeight, int latentWidth, int audioLatents, int audioChannels,
                             int srHeight, int srWidth, int steps, int srSteps, int frames, VideoSize output) {
    /// The most values one array may hold.
    public static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
    /// Share of the JVM's maximum heap the clip's latents and decoded frames may take.
    static final double HEAP_SHARE = 0.8;

    /// The plan of `r` on `m` (reads the DiT's `config.json` when the manifest has no config).
    public static GenerationPlan of(GenerationRequest r, ModelManifest m) throws IOException {
        MagiHumanConfig cfg = m.ditSpec().resolveConfig();
        int ds = m.spatialDownsample();
        int n = r.audioFrames(), t = (n - 1) / 4 + 1;
        SrStage sr = r.superResolution().orElse(null);
        int steps = r.steps() > 0 ? r.steps() : m.steps();
        return new GenerationPlan(cfg.latentChannels(), t, latent(r.size().height(), ds), latent(r.size().width(), ds), n,
                cfg.audioChannels(), sr == null ? 0 : latent(sr.size().height(), ds), sr == null ? 0 : latent(sr.size().width(), ds),
                steps, sr == null ? 0 : GenerationPipeline.SR_STEPS, 1 + 4 * (t - 1), r.outputSize());
    }

    static int latent(int pixels, int ds) { return pixels / ds / 2 * 2; }

    /// Values in the video latent of the last stage.
    public long videoLatentValues() {
        return (long) channels * latentFrames * (srHeight > 0 ? (long) srHeight * srWidth : (long) latentHeight * latentWidth);
    }

    /// Values in the base stage's video latent.
    public long baseLatentValues() { return (long) channels * latentFrames * latentHeight * latentWidth; }

    public long audioLatentValues() { return (long) audioLatents * audioChannels; }

    /// Values of the decoded clip as RGB (one byte each, and one float each while a decoder works).
    public long decodedValues() { return (long) frames * output.width() * output.height() * 3; }

    /// Bytes of a steps file holding every step's x₀ and the final latents (f32).
    public long stepsFileBytes() {
        long base = (baseLatentValues() + audioLatentValues()) * 4;
        long sr = (videoLatentValues() + audioLatentValues()) * 4;
        return base * steps + sr * srSteps + Math.max(base, sr) + (64L << 10);
    }

    /// Bytes of a latents file with the final latents.
    public long latentFileBytes() { return (videoLatentValues() + audioLatentValues()) * 4 + (16L << 10); }

    /// Heap the clip itself needs at its peak: a few copies of the latents (sampler state, previews, the result) and,
    /// when it is decoded, the frames as bytes and as floats.
    public long heapBytes(boolean decodes) { return (videoLatentValues() + audioLatentValues()) * 4 * 6 + (decodes ? decodedValues() * 5 : 0); }

    /// Refuses a plan that cannot run: an array over [#MAX_ARRAY] values (the decoded clip's only when `decodes`), or
    /// more heap than [#HEAP_SHARE] of what the JVM may use. `model` names the model in messages.
    public void check(String model, boolean decodes) {
        String clip = String.format(Locale.ROOT, "%.2f s at %s", (frames - 1) / 25.0, output);
        if (videoLatentValues() > MAX_ARRAY || baseLatentValues() > MAX_ARRAY) {
            throw new IllegalArgumentException("a clip of " + clip + " needs a video latent of " + videoLatentValues() + " values with model "
                    + model + ", more than one array holds (" + MAX_ARRAY + "); ask for a shorter or smaller clip");
        }
        if (decodes && decodedValues() > MAX_ARRAY) {
            long perFrame = (long) output.width() * output.height() * 3;
            double most = ((MAX_ARRAY / perFrame - 1) / 4 * 4) / 25.0;
            throw new IllegalArgumentException("a clip of " + clip + " decodes to " + decodedValues() + " RGB values, more than one array"
                    + " holds (" + MAX_ARRAY + "); at " + output + " a clip can last at most " + String.format(Locale.ROOT, "%.2f", most)
                    + " s, or ask for a smaller size");
        }
        long heap = Runtime.getRuntime().maxMemory();
        if (heap != Long.MAX_VALUE && heapBytes(decodes) > HEAP_SHARE * heap) {
            throw new IllegalArgumentException("a clip of " + clip + " needs about " + (heapBytes(decodes) >> 20) + " MB of memory for its latents"
                    + " and decoded frames, but this JVM may use only " + (heap >> 20) + " MB (raise -Xmx, or ask for a shorter or smaller clip)");
        }
    }
}
