package dev.gallop.engine.pipeline.local;

import dev.gallop.engine.models.magihuman.DitInput;
import dev.gallop.engine.models.magihuman.DitOutput;
import dev.gallop.engine.pipeline.LatentClip;
import dev.gallop.engine.runtime.CancelToken;
import dev.gallop.engine.runtime.NoiseSource;
import dev.gallop.engine.sampling.DistilledSampler;
import dev.gallop.engine.sampling.FlowSchedule;
import dev.gallop.engine.sampling.Guidance;
import dev.gallop.engine.sampling.ImageConditioning;
import dev.gallop.engine.sampling.SuperResolution;
import dev.gallop.engine.sampling.UniPc;

/// The denoising loops of spec §3 and §6, on any velocity model and noise source (the DiT and [dev.gallop.engine.sampling.GaussianNoise]
/// in a generation; stored reference trajectories in the replay tests).
///
/// * [#distill]: the DMD-2 re-noising sampler, one forward per step, fresh noise per step (video, then audio).
/// * [#unipc]: UniPC with classifier-free guidance, two forwards per step (prompt, then negative prompt).
/// * [#superResolve]: the SR hand-over (trilinear upsample, re-noise, noisy fixed audio) and 5 UniPC steps, one forward
///   per step, video only; the result keeps the base stage's audio.
///
/// Conditioning ([Conditions], spec §3.5): a clean image latent overwrites latent frame 0 before every forward and once
/// after the loop; a clean audio latent is fed unchanged at every step and is the result's audio. (Upstream's distilled
/// path re-noises a given audio track from step 1 on, so the condition turns into the model's own prediction; Gallop
/// keeps it fixed in every path, as upstream's UniPC path does: ADR 0005.) The noise draws are the same with or
/// without conditions, so the stream order of §11 holds.
///
/// Each step reports its x₀ prediction; cancellation is checked between steps (the DiT checks between layers).
public final class Denoiser {
    private Denoiser() {}

    /// One forward of a velocity model (the DiT): predicted velocity for video and audio.
    @FunctionalInterface
    public interface Model {
        DitOutput forward(DitInput in, CancelToken cancel);
    }

    /// Receives each finished step: 1-based index, total, σ of the step and the x₀ prediction.
    @FunctionalInterface
    public interface Steps {
        void step(int index, int total, float sigma, LatentClip preview);
    }

    /// Latent geometry: video [c, t, h, w], audio [n, a].
    public record Geometry(int channels, int frames, int height, int width, int audioFrames, int audioChannels) {
        int videoLength() { return channels * frames * height * width; }
    }

    /// Clean conditions: an image latent [c, 1, h, w] for frame 0 (or null), and whether the audio input is a clean
    /// condition that stays fixed.
    public record Conditions(float[] image, boolean audioFixed) {
        public static final Conditions NONE = new Conditions(null, false);
    }

    /// The distilled sampler from `video`, `audio` (start noise, or the clean audio condition) over `schedule`.
    public static LatentClip distill(Model dit, FlowSchedule schedule, Geometry g, float[] video, float[] audio, float[] text,
                                     Conditions c, NoiseSource noise, Steps steps, CancelToken cancel) {
        int n = schedule.steps();
        for (int i = 0; i < n; i++) {
            cancel.throwIfCancelled();
            video = withImage(video, g, c);
            float s = schedule.sigma(i), next = schedule.sigma(i + 1);
            DitOutput v = dit.forward(new DitInput(video, g.frames(), g.height(), g.width(), audio, text), cancel);
            float[] x0a = c.audioFixed() ? audio : DistilledSampler.x0(audio, v.audio(), s);
            steps.step(i + 1, n, s, clip(DistilledSampler.x0(video, v.video(), s), x0a, g));
            float[] ev = noise.next(video.length), ea = noise.next(audio.length);
            video = DistilledSampler.step(video, v.video(), s, next, ev);
            if (!c.audioFixed()) audio = DistilledSampler.step(audio, v.audio(), s, next, ea);
        }
        return clip(withImage(video, g, c), audio, g);
    }

    /// UniPC with guidance against `negativeText`, video and audio each with their own solver state; a fixed audio
    /// condition is not updated.
    public static LatentClip unipc(Model dit, FlowSchedule schedule, Geometry g, float[] video, float[] audio, float[] text,
                                   float[] negativeText, Guidance guidance, Conditions c, Steps steps, CancelToken cancel) {
        int n = schedule.steps();
        UniPc solver = new UniPc(schedule);
        UniPc.State sv = UniPc.State.initial(), sa = UniPc.State.initial();
        for (int i = 0; i < n; i++) {
            cancel.throwIfCancelled();
            video = withImage(video, g, c);
            float s = schedule.sigma(i);
            DitOutput cond = dit.forward(new DitInput(video, g.frames(), g.height(), g.width(), audio, text), cancel);
            DitOutput uncond = dit.forward(new DitInput(video, g.frames(), g.height(), g.width(), audio, negativeText), cancel);
            float[] gv = Guidance.cfg(uncond.video(), cond.video(), guidance.videoScale(schedule.timestep(i)));
            float[] ga = Guidance.cfg(uncond.audio(), cond.audio(), guidance.audioScale());
            steps.step(i + 1, n, s, clip(DistilledSampler.x0(video, gv, s), c.audioFixed() ? audio : DistilledSampler.x0(audio, ga, s), g));
            UniPc.Result rv = solver.step(sv, video, gv);
            video = rv.next();
            sv = rv.state();
            if (!c.audioFixed()) {
                UniPc.Result ra = solver.step(sa, audio, ga);
                audio = ra.next();
                sa = ra.state();
            }
        }
        return clip(withImage(video, g, c), audio, g);
    }

    /// The super-resolution stage on the base result: upsample the video latent to (h2, w2) latent pixels, re-noise it,
    /// feed 0.7·ε + 0.3·audio as fixed audio tokens, and run UniPC without guidance over `schedule` (video only).
    /// `image` is the clean image latent at the SR size, or null. The result carries the base audio.
    public static LatentClip superResolve(Model srDit, FlowSchedule schedule, LatentClip base, int h2, int w2, float[] text,
                                          float[] image, NoiseSource noise, Steps steps, CancelToken cancel) {
        cancel.throwIfCancelled();
        int c = base.channels(), t = base.frames();
        Geometry g = new Geometry(c, t, h2, w2, base.audioFrames(), base.audioChannels());
        float[] up = SuperResolution.upsample(base.video(), c, t, base.height(), base.width(), t, h2, w2);
        float[] video = SuperResolution.renoise(up, noise.next(up.length));
        float[] audio = SuperResolution.audioInput(base.audio(), noise.next(base.audio().length));
        Conditions cond = new Conditions(image, true);
        int n = schedule.steps();
        UniPc solver = new UniPc(schedule);
        UniPc.State sv = UniPc.State.initial();
        for (int i = 0; i < n; i++) {
            cancel.throwIfCancelled();
            video = withImage(video, g, cond);
            float s = schedule.sigma(i);
            DitOutput v = srDit.forward(new DitInput(video, t, h2, w2, audio, text), cancel);
            steps.step(i + 1, n, s, new LatentClip(DistilledSampler.x0(video, v.video(), s), c, t, h2, w2, base.audio(), base.audioChannels()));
            UniPc.Result rv = solver.step(sv, video, v.video());
            video = rv.next();
            sv = rv.state();
        }
        return new LatentClip(withImage(video, g, cond), c, t, h2, w2, base.audio(), base.audioChannels());
    }

    private static float[] withImage(float[] video, Geometry g, Conditions c) {
        if (c.image() == null) return video;
        if (video.length != g.videoLength()) throw new IllegalArgumentException("video latent has " + video.length + " values, expected " + g);
        return ImageConditioning.withFirstFrame(video, g.channels(), g.frames(), g.height(), g.width(), c.image());
    }

    private static LatentClip clip(float[] video, float[] audio, Geometry g) {
        return new LatentClip(video, g.channels(), g.frames(), g.height(), g.width(), audio, g.audioChannels());
    }
}
