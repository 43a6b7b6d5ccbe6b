package dev.gallop.engine.pipeline.local;

import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.media.AudioFiles;
import dev.gallop.engine.media.ImageFiles;
import dev.gallop.engine.models.AudioDecoder;
import dev.gallop.engine.models.AudioEncoder;
import dev.gallop.engine.models.TextEncoder;
import dev.gallop.engine.models.VideoDecoder;
import dev.gallop.engine.models.magihuman.MagiHumanConfig;
import dev.gallop.engine.models.magihuman.MagiHumanDit;
import dev.gallop.engine.pipeline.DecodedAudio;
import dev.gallop.engine.pipeline.DecodedVideo;
import dev.gallop.engine.pipeline.GeneratedClip;
import dev.gallop.engine.pipeline.GenerationEvent;
import dev.gallop.engine.pipeline.GenerationRequest;
import dev.gallop.engine.pipeline.LatentClip;
import dev.gallop.engine.pipeline.SrStage;
import dev.gallop.engine.pipeline.VideoSize;
import dev.gallop.engine.pipeline.discovery.ModelManifest;
import dev.gallop.engine.runtime.CancelToken;
import dev.gallop.engine.runtime.Precision;
import dev.gallop.engine.runtime.Trace;
import dev.gallop.engine.sampling.FlowSchedule;
import dev.gallop.engine.sampling.GaussianNoise;
import dev.gallop.engine.sampling.Guidance;
import dev.gallop.engine.tensor.Shape;
import java.io.IOException;
import java.util.function.Consumer;

/// One generation, stage by stage (docs/models/magihuman.md#pipeline): check the request against the model and its limits ([GenerationPlan],
/// [PromptLength]) and decode the user's input files (before any weights load, so bad input fails fast), open and
/// check every component the request needs ([Preflight]), encode the prompt, the reference image and the audio track,
/// draw the start noise, run the base stage ([Denoiser]), the optional super-resolution stage, then the decoders.
/// Each stage reports a [GenerationEvent.Phase] and its steps; with [Residency#RELEASE_AFTER_USE] every component is
/// released when its stage is done. Latents that went non-finite fail the job after their stage ([FiniteCheck]).
final class GenerationPipeline {
    /// The SR stage runs 5 steps (`sr_num_inference_steps`).
    static final int SR_STEPS = 5;

    private final LoadedModel model;
    private final GenerationRequest r;
    private final Residency residency;
    private final Consumer<GenerationEvent> events;
    private final CancelToken cancel;

    private GenerationPipeline(LoadedModel model, GenerationRequest r, Residency residency, Consumer<GenerationEvent> events, CancelToken cancel) {
        this.model = model;
        this.r = r;
        this.residency = residency;
        this.events = events;
        this.cancel = cancel;
    }

    static GeneratedClip run(LoadedModel model, GenerationRequest r, Residency residency, Consumer<GenerationEvent> events,
                             CancelToken cancel) throws IOException {
        return new GenerationPipeline(model, r, residency, events, cancel).run();
    }

    private GeneratedClip run() throws IOException {
        ModelManifest m = model.manifest();
        MagiHumanConfig cfg = m.ditSpec().resolveConfig();
        int ds = m.spatialDownsample(), c = cfg.latentChannels(), ac = cfg.audioChannels();
        int h = latent(r.size().height(), ds), w = latent(r.size().width(), ds);
        SrStage sr = r.superResolution().orElse(null);
        checkRequest(m, h, w, sr);
        GenerationPlan.of(r, m).check(m.name(), m.components().containsKey(ModelManifest.VIDEO_DECODER));
        String promptText = r.prompt().render();
        PromptLength.check(promptText, m.components().get(ModelManifest.TEXT_ENCODER));
        ImageFiles.Rgb image = r.image().isPresent() ? ImageFiles.read(r.image().get()) : null;
        float[] track = null;
        if (r.audio().isPresent()) {
            // the track sets the length, up to the n = 25·s + 1 audio latents a text-only run of r.seconds() has
            AudioEncoder enc = model.audioEncoder();
            int hop = enc.samplesPerLatent();
            track = AudioFiles.readMonoSamples(r.audio().get(), enc.sampleRate(), (long) r.audioFrames() * hop);
            if (track.length < 2 * hop) {
                throw new IllegalArgumentException("audio file " + r.audio().get() + " holds " + track.length + " samples ("
                        + String.format(java.util.Locale.ROOT, "%.3f", track.length / (double) enc.sampleRate())
                        + " s); at least " + 2 * hop + " samples (" + 2 * hop * 1000 / enc.sampleRate()
                        + " ms, two audio latents) are needed for a clip");
            }
        }

        Preflight.components(model, r, residency, events, cancel);

        cancel.throwIfCancelled();
        events.accept(new GenerationEvent.Phase("encoding prompt"));
        TextEncoder te = model.textEncoder();
        if (te.channels() != cfg.textChannels()) {
            throw new IOException("text encoder " + m.components().get(ModelManifest.TEXT_ENCODER).path() + " gives " + te.channels()
                    + "-wide features but the DiT (" + m.dit() + ") expects text_in_channels " + cfg.textChannels());
        }
        Device device = model.device();
        Tensor text = te.encode(promptText).to(device);
        PromptLength.checkRows(text.shape().dim(0), promptText, m.components().get(ModelManifest.TEXT_ENCODER).kind());
        Tensor negative = null;
        if (m.sampler() == ModelManifest.Sampler.UNIPC) {
            Tensor neg = model.negativeFeatures();
            if (neg == null) throw new IllegalArgumentException("model " + m.name() + " samples with guidance but has no negative prompt");
            negative = neg.to(device);
        }
        release(LoadedModel.Part.TEXT_ENCODER);

        Tensor imageLatent = null;
        if (image != null) {
            cancel.throwIfCancelled();
            events.accept(new GenerationEvent.Phase("encoding image"));
            imageLatent = encodeImage(image, r.size(), c, h, w).to(device);
            if (sr == null) release(LoadedModel.Part.IMAGE_ENCODER);
        }

        GaussianNoise noise = new GaussianNoise(r.seed());
        Tensor audio;
        if (track != null) {
            cancel.throwIfCancelled();
            events.accept(new GenerationEvent.Phase("encoding audio"));
            audio = model.audioEncoder().encode(AudioFiles.toStereo(track), noise).to(device);
            release(LoadedModel.Part.AUDIO_ENCODER);
        } else {
            audio = Tensor.fromFloats(device, Shape.of(r.audioFrames(), ac), noise.next(r.audioFrames() * ac));
        }
        int n = audio.shape().dim(0), t = (n - 1) / 4 + 1;
        Tensor video = Tensor.fromFloats(device, Shape.of(c, t, h, w), noise.next(c * t * h * w));

        cancel.throwIfCancelled();
        events.accept(new GenerationEvent.Phase("denoising"));
        Denoiser.Geometry g = new Denoiser.Geometry(c, t, h, w, n, ac);
        Denoiser.Conditions cond = new Denoiser.Conditions(imageLatent, track != null);
        Denoiser.Model forward = call(model.dit(), m.precision());
        FlowSchedule schedule = FlowSchedule.shifted(r.steps() > 0 ? r.steps() : m.steps(), m.shift());
        Denoiser.Steps baseSteps = steps("base");
        Denoiser.Latents latents = m.sampler() == ModelManifest.Sampler.DISTILL
                ? Denoiser.distill(forward, schedule, g, video, audio, text, cond, noise, baseSteps, cancel)
                : Denoiser.unipc(forward, schedule, g, video, audio, text, negative, Guidance.defaults(), cond, baseSteps, cancel);
        release(LoadedModel.Part.DIT);
        FiniteCheck.latents(latents, "the base stage", m.name());

        if (sr != null) {
            cancel.throwIfCancelled();
            int h2 = latent(sr.size().height(), ds), w2 = latent(sr.size().width(), ds);
            LoadedModel.Part part = sr.model() == SrStage.Model.P540 ? LoadedModel.Part.SR_540P : LoadedModel.Part.SR_1080P;
            Tensor srImage = null;
            if (image != null) {
                events.accept(new GenerationEvent.Phase("encoding image for super-resolution " + sr.model().label()));
                srImage = encodeImage(image, sr.size(), c, h2, w2).to(device);
                release(LoadedModel.Part.IMAGE_ENCODER);
            }
            events.accept(new GenerationEvent.Phase("super-resolution " + sr.model().label()));
            MagiHumanDit srDit = model.srDit(sr.model());
            Denoiser.Latents base = new Denoiser.Latents(latents.video().to(srDit.device()), latents.audio().to(srDit.device()));
            latents = Denoiser.superResolve(call(srDit, m.precision()), FlowSchedule.shifted(SR_STEPS, m.shift()),
                    base, h2, w2, text.to(srDit.device()), srImage, noise, steps("sr-" + sr.model().label()), cancel);
            release(part);
            FiniteCheck.latents(latents, "the super-resolution stage", m.name());
        }

        DecodedVideo decodedVideo = null;
        DecodedAudio decodedAudio = null;
        VideoDecoder vd = model.videoDecoder();
        if (vd != null) {
            cancel.throwIfCancelled();
            events.accept(new GenerationEvent.Phase("decoding video"));
            decodedVideo = vd.decode(latents.video().to(vd.device()), cancel, model.placement().decoderTile());
            release(LoadedModel.Part.VIDEO_DECODER);
        }
        AudioDecoder ad = model.audioDecoder();
        if (ad != null) {
            cancel.throwIfCancelled();
            events.accept(new GenerationEvent.Phase("decoding audio"));
            decodedAudio = ad.decode(latents.audio().to(ad.device()));
            release(LoadedModel.Part.AUDIO_DECODER);
            FiniteCheck.audio(decodedAudio, m.name());
        }
        // with an audio track the track set the length: record the clip as generated (n latents: (n − 1)/25 s), which
        // run again gives a clip of the same length
        GenerationRequest asRun = track == null ? r : r.withSeconds((n - 1) / (double) GenerationRequest.FPS);
        return new GeneratedClip(latents.toHost(), decodedVideo, decodedAudio, asRun);
    }

    /// Refuses what this model cannot do, with the reason the manifest knows (e.g. the scan's finding for a component).
    private void checkRequest(ModelManifest m, int h, int w, SrStage sr) {
        if (h < 2 || w < 2) {
            throw new IllegalArgumentException("video size " + r.size() + " is too small for model " + m.name()
                    + " (needs at least " + 2 * m.spatialDownsample() + " px per side)");
        }
        if (r.image().isPresent() && !m.components().containsKey(ModelManifest.IMAGE_ENCODER)) {
            throw new IllegalArgumentException("model " + m.name() + " cannot take a reference image: " + m.whyUnavailable(
                    ModelManifest.IMAGE_ENCODER, "it has no video encoder (image_encoder)"));
        }
        if (r.audio().isPresent() && !m.components().containsKey(ModelManifest.AUDIO_ENCODER)) {
            throw new IllegalArgumentException("model " + m.name() + " cannot take an audio track: " + m.whyUnavailable(
                    ModelManifest.AUDIO_ENCODER, "it has no audio encoder (audio_encoder)"));
        }
        if (sr != null) {
            if (!m.superResolution().containsKey(sr.model())) {
                throw new IllegalArgumentException("model " + m.name() + " cannot upscale to " + sr.model().label() + ": "
                        + m.whyUnavailable(sr.model().label(), "it has no " + sr.model().label() + " super-resolution DiT"));
            }
            if (sr.size().width() < r.size().width() || sr.size().height() < r.size().height()) {
                throw new IllegalArgumentException("super-resolution size " + sr.size() + " is smaller than the base size " + r.size()
                        + "; the " + sr.model().label() + " stage only upscales");
            }
        }
    }

    private Tensor encodeImage(ImageFiles.Rgb image, VideoSize size, int c, int h, int w) throws IOException {
        Tensor latent = model.imageEncoder().encode(image.rgb(), image.height(), image.width(), size);
        if (!latent.shape().equals(Shape.of(c, 1, h, w))) {
            throw new IOException("image encoder " + model.manifest().components().get(ModelManifest.IMAGE_ENCODER).path() + " gave a "
                    + latent.shape() + " latent for " + size + "; the DiT needs a [" + c + ", 1, " + h + ", " + w + "] latent frame");
        }
        return latent;
    }

    private Denoiser.Steps steps(String stage) {
        return (i, total, sigma, preview) -> events.accept(new GenerationEvent.Step(i, total, sigma, preview, stage));
    }

    private static Denoiser.Model call(MagiHumanDit dit, Precision p) {
        return (in, cancel) -> dit.forward(in, p, Trace.NONE, cancel);
    }

    private static int latent(int pixels, int ds) { return pixels / ds / 2 * 2; }

    private void release(LoadedModel.Part p) {
        if (residency == Residency.RELEASE_AFTER_USE) model.release(p);
    }
}
