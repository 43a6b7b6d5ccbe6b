package dev.gallop.engine.pipeline;

import dev.gallop.engine.models.magihuman.DitInput;
import dev.gallop.engine.models.magihuman.DitOutput;
import dev.gallop.engine.models.magihuman.MagiHumanConfig;
import dev.gallop.engine.models.magihuman.MagiHumanDit;
import dev.gallop.engine.runtime.CancelToken;
import dev.gallop.engine.runtime.Trace;
import dev.gallop.engine.sampling.DistilledSampler;
import dev.gallop.engine.sampling.FlowSchedule;
import dev.gallop.engine.sampling.GaussianNoise;
import dev.gallop.engine.sampling.Guidance;
import dev.gallop.engine.sampling.UniPc;
import java.util.function.Consumer;

/// The denoising loop of the base stage (spec §3, §6): seeded start noise (audio first, then video), then either the
/// distilled re-noising sampler (fresh noise per step, video then audio) or UniPC with per-modality guidance.
/// Reports the x₀ prediction of every step and checks for cancellation between steps (the DiT checks between layers).
public final class Denoiser {
    private Denoiser() {}

    /// Runs the loop; returns the final latents.
    public static LatentClip run(LoadedModel model, GenerationRequest r, float[] text, float[] negativeText,
                                 Consumer<GenerationEvent> events, CancelToken cancel) {
        MagiHumanDit dit = model.dit();
        MagiHumanConfig cfg = dit.config();
        ModelManifest m = model.manifest();
        int c = cfg.latentChannels(), ac = cfg.audioChannels();
        int t = r.latentFrames(), n = r.audioFrames();
        int h = r.size().height() / m.spatialDownsample() / 2 * 2, w = r.size().width() / m.spatialDownsample() / 2 * 2;
        if (h < 2 || w < 2) {
            throw new IllegalArgumentException("video size " + r.size() + " is too small for model " + m.name()
                    + " (needs at least " + 2 * m.spatialDownsample() + " px per side)");
        }
        GaussianNoise noise = new GaussianNoise(r.seed());
        float[] audio = noise.next(n * ac);
        float[] video = noise.next(c * t * h * w);
        int steps = r.steps() > 0 ? r.steps() : m.steps();
        FlowSchedule schedule = FlowSchedule.shifted(steps, m.shift());

        if (m.sampler() == ModelManifest.Sampler.DISTILL) {
            for (int i = 0; i < steps; i++) {
                cancel.throwIfCancelled();
                float s = schedule.sigma(i), next = schedule.sigma(i + 1);
                DitOutput v = dit.forward(new DitInput(video, t, h, w, audio, text), m.precision(), Trace.NONE, cancel);
                float[] x0v = DistilledSampler.x0(video, v.video(), s), x0a = DistilledSampler.x0(audio, v.audio(), s);
                events.accept(new GenerationEvent.Step(i + 1, steps, s, new LatentClip(x0v, c, t, h, w, x0a, ac)));
                float[] ev = noise.next(video.length), ea = noise.next(audio.length);
                video = DistilledSampler.step(video, v.video(), s, next, ev);
                audio = DistilledSampler.step(audio, v.audio(), s, next, ea);
            }
            return new LatentClip(video, c, t, h, w, audio, ac);
        }

        if (negativeText == null) throw new IllegalArgumentException("model " + m.name() + " samples with guidance but has no negative prompt");
        Guidance g = Guidance.defaults();
        UniPc solver = new UniPc(schedule);
        UniPc.State sv = UniPc.State.initial(), sa = UniPc.State.initial();
        for (int i = 0; i < steps; i++) {
            cancel.throwIfCancelled();
            float s = schedule.sigma(i);
            DitOutput cond = dit.forward(new DitInput(video, t, h, w, audio, text), m.precision(), Trace.NONE, cancel);
            DitOutput uncond = dit.forward(new DitInput(video, t, h, w, audio, negativeText), m.precision(), Trace.NONE, cancel);
            float[] gv = Guidance.cfg(uncond.video(), cond.video(), g.videoScale(schedule.timestep(i)));
            float[] ga = Guidance.cfg(uncond.audio(), cond.audio(), g.audioScale());
            events.accept(new GenerationEvent.Step(i + 1, steps, s, new LatentClip(DistilledSampler.x0(video, gv, s), c, t, h, w,
                    DistilledSampler.x0(audio, ga, s), ac)));
            UniPc.Result rv = solver.step(sv, video, gv), ra = solver.step(sa, audio, ga);
            video = rv.next();
            audio = ra.next();
            sv = rv.state();
            sa = ra.state();
        }
        return new LatentClip(video, c, t, h, w, audio, ac);
    }
}
