package dev.gallop.engine.pipeline.local;

import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.Tensor;
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
import dev.gallop.engine.tensor.Shape;

/// The denoising loops (docs/models/magihuman.md#samplers), on any velocity model and noise source (the DiT and
/// [dev.gallop.engine.sampling.GaussianNoise] in a generation; stored reference trajectories in the replay tests).
///
/// * [#distill]: the DMD-2 re-noising sampler, one forward per step, fresh noise per step (video, then audio).
/// * [#unipc]: UniPC with classifier-free guidance, two forwards per step (prompt, then negative prompt).
/// * [#superResolve]: the SR hand-over (trilinear upsample, re-noise, noisy fixed audio) and 5 UniPC steps, one
///   forward per step, video only; the result keeps the base stage's audio.
///
/// The latents stay on the model's device from the start noise to the result: every update is a [Kernels] call.
/// Per step the host sees only the noise draws going in (the seeded stream is drawn on the host, so a seed gives the
/// same clip on every device) and, if a listener reads it, the step's x₀ preview coming out ([LatentClip#lazy]):
/// a snapshot stays on the device and is copied on the listener's thread when it asks.
///
/// Conditioning: a clean image latent overwrites latent frame 0 before every forward and once after the loop; a
/// clean audio latent is fed unchanged at every step and is the result's audio. (Upstream's distilled path re-noises
/// a given audio track from step 1 on, so the condition turns into the model's own prediction; Gallop keeps it fixed
/// in every path, as upstream's UniPC path does: ADR 0005.) The noise draws are the same with or without
/// conditions, so the draw order of [dev.gallop.engine.sampling.GaussianNoise] holds.
///
/// A step whose latents are no longer finite stops the loop with an [IllegalStateException] naming the step.
/// Cancellation is checked between steps (the DiT checks between layers).
public final class Denoiser {
    private Denoiser() {}

    /// One forward of a velocity model (the DiT): predicted velocity for video and audio.
    @FunctionalInterface
    public interface Model {
        DitOutput forward(DitInput in, CancelToken cancel);
    }

    /// Receives each finished step: 1-based index, total, σ of the step and the x₀ prediction (lazy).
    @FunctionalInterface
    public interface Steps {
        void step(int index, int total, float sigma, LatentClip preview);
    }

    /// Latent geometry: video [c, t, h, w], audio [n, a].
    public record Geometry(int channels, int frames, int height, int width, int audioFrames, int audioChannels) {
        Shape video() { return Shape.of(channels, frames, height, width); }

        Shape audio() { return Shape.of(audioFrames, audioChannels); }
    }

    /// Clean conditions: an image latent [c, 1, h, w] for frame 0 (or null), and whether the audio input is a clean
    /// condition that stays fixed.
    public record Conditions(Tensor image, boolean audioFixed) {
        public static final Conditions NONE = new Conditions(null, false);
    }

    /// The latents of a stage on the device.
    public record Latents(Tensor video, Tensor audio) {
        /// A host copy (the only copy of a generation's final latents).
        public LatentClip toHost() {
            int[] v = video.shape().dims(), a = audio.shape().dims();
            return new LatentClip(video.toFloats(), v[0], v[1], v[2], v[3], audio.toFloats(), a[1]);
        }
    }

    /// The distilled sampler from `video`, `audio` (start noise, or the clean audio condition) over `schedule`.
    public static Latents distill(Model dit, FlowSchedule schedule, Geometry g, Tensor video, Tensor audio, Tensor text,
                                  Conditions c, NoiseSource noise, Steps steps, CancelToken cancel) {
        Kernels k = video.device().kernels();
        int n = schedule.steps();
        for (int i = 0; i < n; i++) {
            cancel.throwIfCancelled();
            withImage(k, video, c);
            float s = schedule.sigma(i), next = schedule.sigma(i + 1);
            DitOutput v = dit.forward(new DitInput(video, audio, text), cancel);
            Tensor x0v = DistilledSampler.x0(k, video, v.video(), s);
            Tensor x0a = c.audioFixed() ? audio : DistilledSampler.x0(k, audio, v.audio(), s);
            report(steps, i, n, s, x0v, x0a);
            Tensor ev = draw(noise, video.device(), g.video()), ea = draw(noise, video.device(), g.audio());
            video = DistilledSampler.step(k, video, v.video(), s, next, ev);
            if (!c.audioFixed()) audio = DistilledSampler.step(k, audio, v.audio(), s, next, ea);
            requireFinite(k, i, n, video, audio);
        }
        withImage(k, video, c);
        return new Latents(video, audio);
    }

    /// UniPC with guidance against `negativeText`, video and audio each with their own solver state; a fixed audio
    /// condition is not updated.
    public static Latents unipc(Model dit, FlowSchedule schedule, Geometry g, Tensor video, Tensor audio, Tensor text,
                                Tensor negativeText, Guidance guidance, Conditions c, Steps steps, CancelToken cancel) {
        Kernels k = video.device().kernels();
        int n = schedule.steps();
        UniPc solver = new UniPc(schedule);
        UniPc.State sv = UniPc.State.initial(), sa = UniPc.State.initial();
        for (int i = 0; i < n; i++) {
            cancel.throwIfCancelled();
            withImage(k, video, c);
            float s = schedule.sigma(i);
            DitOutput cond = copy(dit.forward(new DitInput(video, audio, text), cancel));
            DitOutput uncond = dit.forward(new DitInput(video, audio, negativeText), cancel);
            Tensor gv = Guidance.cfg(k, uncond.video(), cond.video(), guidance.videoScale(schedule.timestep(i)));
            Tensor ga = Guidance.cfg(k, uncond.audio(), cond.audio(), guidance.audioScale());
            report(steps, i, n, s, DistilledSampler.x0(k, video, gv, s), c.audioFixed() ? audio : DistilledSampler.x0(k, audio, ga, s));
            UniPc.Result rv = solver.step(k, sv, video, gv);
            video = rv.next();
            sv = rv.state();
            if (!c.audioFixed()) {
                UniPc.Result ra = solver.step(k, sa, audio, ga);
                audio = ra.next();
                sa = ra.state();
            }
            requireFinite(k, i, n, video, audio);
        }
        withImage(k, video, c);
        return new Latents(video, audio);
    }

    /// The super-resolution stage on the base result: upsample the video latent to (h2, w2) latent pixels, re-noise it,
    /// feed 0.7·ε + 0.3·audio as fixed audio tokens, and run UniPC without guidance over `schedule` (video only).
    /// `image` is the clean image latent at the SR size, or null. The result carries the base audio.
    public static Latents superResolve(Model srDit, FlowSchedule schedule, Latents base, int h2, int w2, Tensor text,
                                       Tensor image, NoiseSource noise, Steps steps, CancelToken cancel) {
        cancel.throwIfCancelled();
        Kernels k = base.video().device().kernels();
        Device device = base.video().device();
        int c = base.video().shape().dim(0), t = base.video().shape().dim(1);
        Tensor up = SuperResolution.upsample(k, base.video(), t, h2, w2);
        Tensor video = SuperResolution.renoise(k, up, draw(noise, device, up.shape()));
        Tensor audio = SuperResolution.audioInput(k, base.audio(), draw(noise, device, base.audio().shape()));
        Conditions cond = new Conditions(image, true);
        int n = schedule.steps();
        UniPc solver = new UniPc(schedule);
        UniPc.State sv = UniPc.State.initial();
        for (int i = 0; i < n; i++) {
            cancel.throwIfCancelled();
            withImage(k, video, cond);
            float s = schedule.sigma(i);
            DitOutput v = srDit.forward(new DitInput(video, audio, text), cancel);
            report(steps, i, n, s, DistilledSampler.x0(k, video, v.video(), s), base.audio());
            UniPc.Result rv = solver.step(k, sv, video, v.video());
            video = rv.next();
            sv = rv.state();
            requireFinite(k, i, n, video, base.audio());
        }
        withImage(k, video, cond);
        return new Latents(video, base.audio());
    }

    /// Frame 0 ← the clean image latent, in place (when there is one).
    private static void withImage(Kernels k, Tensor video, Conditions c) {
        if (c.image() != null) ImageConditioning.overwriteFirstFrame(k, video, c.image());
    }

    /// The next standard-normal draw of `shape`, made on the host and uploaded.
    private static Tensor draw(NoiseSource noise, Device device, Shape shape) {
        return Tensor.fromFloats(device, shape, noise.next(Math.toIntExact(shape.numel())));
    }

    /// The model's outputs copied out of its workspace (the next forward reuses it).
    private static DitOutput copy(DitOutput o) {
        Kernels k = o.video().device().kernels();
        Tensor v = o.video().device().empty(o.video().dtype(), o.video().shape()), a = o.audio().device().empty(o.audio().dtype(), o.audio().shape());
        k.copy(v, o.video());
        if (a.numel() > 0) k.copy(a, o.audio());
        return new DitOutput(v, a);
    }

    private static void report(Steps steps, int i, int n, float sigma, Tensor x0v, Tensor x0a) {
        int[] v = x0v.shape().dims();
        steps.step(i + 1, n, sigma, LatentClip.lazy(x0v::toFloats, v[0], v[1], v[2], v[3], x0a::toFloats,
                x0a.shape().dim(0), x0a.shape().dim(1)));
    }

    private static void requireFinite(Kernels k, int i, int n, Tensor video, Tensor audio) {
        long bad = k.countNonFinite(video) + (audio.numel() == 0 ? 0 : k.countNonFinite(audio));
        if (bad > 0) {
            throw new NonFiniteResultException("the latents went non-finite at denoising step " + (i + 1) + " of " + n + " (" + bad
                    + " NaN or infinite values): the model's weights or the request produce no usable result");
        }
    }
}
