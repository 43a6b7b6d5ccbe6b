package dev.gallop.app.inspector;

import dev.gallop.app.prompt.SeedControl;
import dev.gallop.app.timeline.Clip;
import dev.gallop.app.timeline.Take;
import dev.gallop.engine.pipeline.GenerationRequest;
import dev.gallop.engine.pipeline.discovery.ModelManifest;
import dev.gallop.engine.pipeline.SrStage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/// The requests that remake a shot: a retake (the shot's own request with the next seed) and a finalize (the same
/// request with a super-resolution stage). The shot's own request is the one its shown take was made from; its model
/// folder is found again by the model's name when the folder has moved (an installed app, another checkout).
public final class ShotRequests {
    private final Function<String, Optional<Path>> modelByName;

    /// @param modelByName finds an installed model's folder by the name its `model.json` gives
    public ShotRequests(Function<String, Optional<Path>> modelByName) { this.modelByName = modelByName; }

    /// The request that made the shot's shown take, with a model folder that exists. Throws naming the problem.
    public GenerationRequest own(Clip shot) {
        TakeInfo info = TakeInfo.of(shot.take());
        Optional<Path> byName = info.modelName().isEmpty() ? Optional.empty() : modelByName.apply(info.modelName());
        GenerationRequest r = info.rebuild(byName.orElse(null));
        if (!Files.isDirectory(r.model())) {
            Path moved = byName.orElseThrow(() -> new IllegalArgumentException("the model of " + shot.id() + " (" + r.model()
                    + (info.modelName().isEmpty() ? "" : ", \"" + info.modelName() + "\"") + ") is not installed any more"));
            return with(r, r.seed(), moved, r.superResolution().orElse(null));
        }
        return r;
    }

    /// Ctrl+R: the shot's own request with the next seed — one above the highest seed any of its takes used (or a
    /// fresh random one when the seed control is Random), so a retake never repeats a take it already has.
    public GenerationRequest retake(Clip shot, SeedControl control, RandomGenerator random) {
        GenerationRequest r = own(shot);
        long seed = control == SeedControl.RANDOM ? random.nextLong(1L << 48) : nextSeed(shot);
        return with(r, seed, r.model(), r.superResolution().orElse(null));
    }

    /// The seed after the highest one the shot's takes used.
    public static long nextSeed(Clip shot) {
        long max = Long.MIN_VALUE;
        for (Take t : shot.takes()) max = Math.max(max, TakeInfo.of(t).seed());
        return max == Long.MAX_VALUE ? 0 : max + 1;
    }

    /// Finalize: the shot's own request (same seed, so the base stage is the approved draft) with the model's
    /// super-resolution stage. 540p doubles the draft's size (448×256 → 896×512); 1080p gives the model's 1080p size.
    /// Throws when the model has no such stage, or the shown take is already final.
    public GenerationRequest finalize(Clip shot, SrStage.Model stage) {
        GenerationRequest r = own(shot);
        if (r.superResolution().isPresent()) throw new IllegalArgumentException(shot.id() + " is already final (" + TakeInfo.of(shot.take()).sizeText() + ")");
        ModelManifest m;
        try {
            m = ModelManifest.open(r.model(), r.variant());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read the model of " + shot.id() + ": " + e.getMessage());
        }
        if (!m.superResolution().containsKey(stage)) {
            throw new IllegalArgumentException("the model " + m.name() + " of " + shot.id() + " has no " + stage.label()
                    + " super-resolution stage: " + m.whyUnavailable(stage.label(), "a model folder names one as \"sr_" + stage.label() + "\" in its model.json"));
        }
        var size = stage == SrStage.Model.P540 ? new dev.gallop.engine.pipeline.VideoSize(r.size().width() * 2, r.size().height() * 2)
                : stage.defaultSize(r.size());
        return with(r, r.seed(), r.model(), new SrStage(stage, size));
    }

    static GenerationRequest with(GenerationRequest r, long seed, Path model, SrStage sr) {
        return new GenerationRequest(r.prompt(), r.image(), r.audio(), r.seconds(), r.size(), seed, r.steps(), model, r.variant(), Optional.ofNullable(sr));
    }
}
