package dev.gallop.engine.pipeline.local;

import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.MemoryBudget;
import dev.gallop.engine.models.TextEncoder;
import dev.gallop.engine.models.magihuman.MagiHumanConfig;
import dev.gallop.engine.nn.WeightPolicy;
import dev.gallop.engine.pipeline.GenerationRequest;
import dev.gallop.engine.pipeline.SrStage;
import dev.gallop.engine.pipeline.discovery.ComponentSpec;
import dev.gallop.engine.pipeline.discovery.ModelManifest;
import dev.gallop.engine.runtime.Precision;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/// Plans a request's device memory before any work: from the model's configs and file headers, the request's size
/// and length, and the budget, it predicts each stage's peak ([MemoryEstimates]) for a series of placements, fastest
/// first, and keeps the first that fits:
///
/// 1. everything resident (retakes reload nothing);
/// 2. each component released after its stage (the text encoder after the prompt, the base DiT before the
///    super-resolution DiT, ...), so the peak holds one large component;
/// 3. the DiTs' GEMM weights in fp8, quantized at load (half of bf16; mixed-precision models only);
/// 4. on a GPU, the text encoder on the CPU;
/// 5. on a GPU, the decoders on the CPU as well.
///
/// When none fits, the plan says which stage does not, by how much, and what to change.
public final class MemoryPlanner {
    private static final System.Logger LOG = System.getLogger("dev.gallop.engine.pipeline.local");
    private MemoryPlanner() {}

    /// Share of the usable memory a plan may fill; the rest covers the pool's size classes and fragmentation.
    static final double MARGIN = 0.94;
    /// What the CUDA libraries hold besides tensors (cuBLASLt and cuDNN workspaces, graph executables).
    static final long CUDA_LIBRARIES = 512L << 20;

    /// Plans `r` on `device` within `budget`. `keepLoaded`: the generator would keep components between stages and
    /// runs (the studio); false starts from releasing them (a one-shot run).
    public static MemoryPlan plan(GenerationRequest r, ModelManifest m, Device device, MemoryBudget budget, boolean keepLoaded)
            throws IOException {
        Parts parts = Parts.of(r, m, device);
        boolean gpu = !device.id().equals("cpu");
        long deviceBytes = gpu ? device.memory().freeBytes() + device.memoryUse().inUseBytes() : device.memory().totalBytes();
        long available = Math.max(0, (long) (budget.within(deviceBytes) * MARGIN) - (gpu ? CUDA_LIBRARIES : 0));

        List<Placement> candidates = new ArrayList<>();
        Placement p = Placement.RESIDENT.withDitWeights(parts.defaultPolicy);
        if (keepLoaded) candidates.add(p);
        p = p.withReleaseAfterUse();
        candidates.add(p);
        if (m.precision() == Precision.MIXED_BF16) candidates.add(p = p.withDitWeights(WeightPolicy.FP8_PER_CHANNEL));
        if (gpu) {
            candidates.add(p = p.withTextEncoderOnCpu());
            candidates.add(p.withDecodersOnCpu());
        }
        MemoryPlan last = null;
        for (Placement c : candidates) {
            List<MemoryPlan.Stage> stages = parts.stages(c);
            long peak = stages.stream().mapToLong(MemoryPlan.Stage::peakBytes).max().orElse(0);
            boolean fits = peak <= available;
            last = new MemoryPlan(device.id(), budget, available, c, stages, fits, null);
            if (fits) {
                return new MemoryPlan(device.id(), budget, available, c, stages, true, "fits: peak " + MemoryBudget.format(peak) + " in "
                        + last.peakStage().name() + " of " + MemoryBudget.format(available) + " usable, with " + c.describe());
            }
        }
        MemoryPlan.Stage worst = last.peakStage();
        String verdict = "does not fit: " + worst.name() + " needs " + MemoryBudget.format(worst.peakBytes()) + " (" + MemoryBudget.format(worst.weightBytes())
                + " of weights, " + MemoryBudget.format(worst.workBytes()) + " working) but " + MemoryBudget.format(available) + " is usable"
                + (budget.isUnlimited() ? " on " + device.id() : " within the budget of " + budget) + " even with " + last.placement().describe()
                + "; ask for a " + (worst.workBytes() > worst.peakBytes() / 4 ? "shorter or smaller clip" : "smaller model or more memory")
                + (r.superResolution().isPresent() ? ", drop the super-resolution stage" : "")
                + (budget.isUnlimited() ? "" : ", or raise the budget");
        return new MemoryPlan(device.id(), budget, available, last.placement(), last.stages(), false, verdict);
    }

    /// Every size the stages are made of, computed once per request.
    private record Parts(WeightPolicy defaultPolicy, Device device, MagiHumanConfig dit, long ditStored, MagiHumanConfig srDit,
                         long srStored, long text, long textWork, long videoDecoder, long videoDecodeWork, long audioDecoder,
                         long audioDecodeWork, long imageEncoder, long imageEncodeWork, long audioEncoder, long audioEncodeWork,
                         long baseWork, long srWork, long latents) {

        static Parts of(GenerationRequest r, ModelManifest m, Device device) throws IOException {
            GenerationPlan g = GenerationPlan.of(r, m);
            MagiHumanConfig cfg = m.ditSpec().resolveConfig();
            boolean mixed = m.precision() == Precision.MIXED_BF16;
            int act = mixed ? 2 : 4;
            boolean unipc = m.sampler() == ModelManifest.Sampler.UNIPC;
            ComponentSpec te = m.components().get(ModelManifest.TEXT_ENCODER);
            long text = te == null ? TextEncoder.MAX_TOKENS : Math.max(promptTokens(r.prompt().render(), te),
                    unipc ? promptTokens(m.negativePrompt(), te) : 1), audio = g.audioLatents();
            long latents = (g.videoLatentValues() + g.audioLatentValues()) * 4L;
            long features = text * cfg.textChannels() * 4 * (unipc ? 2 : 1);
            int copies = unipc ? MemoryEstimates.SAMPLER_COPIES_UNIPC : MemoryEstimates.SAMPLER_COPIES_DISTILL;
            long baseVideo = (long) g.latentFrames() * (g.latentHeight() / 2) * (g.latentWidth() / 2);
            long baseWork = MemoryEstimates.ditWork(cfg, baseVideo, audio, text, act) + (g.baseLatentValues() + g.audioLatentValues()) * 4L * copies + features;

            MagiHumanConfig sr = null;
            long srStored = 0, srWork = 0;
            Optional<SrStage> srStage = r.superResolution();
            if (srStage.isPresent() && m.superResolution().containsKey(srStage.get().model())) {
                ModelManifest.DitSpec spec = m.superResolution().get(srStage.get().model());
                sr = spec.resolveConfig();
                srStored = known(() -> WeightFiles.bytes(spec.path(), k -> true));
                long srVideo = (long) g.latentFrames() * (g.srHeight() / 2) * (g.srWidth() / 2);
                srWork = MemoryEstimates.ditWork(sr, srVideo, audio, text, act) + latents * copies + features;
            }
            long seconds = Math.round((g.frames() - 1) / (double) GenerationRequest.FPS) + 1, samples = seconds * 44_100;
            ComponentSpec vd = m.components().get(ModelManifest.VIDEO_DECODER), ad = m.components().get(ModelManifest.AUDIO_DECODER);
            ComponentSpec ie = r.image().isPresent() ? m.components().get(ModelManifest.IMAGE_ENCODER) : null;
            ComponentSpec ae = r.audio().isPresent() ? m.components().get(ModelManifest.AUDIO_ENCODER) : null;
            long pixels = (long) r.size().width() * r.size().height();
            long frames = g.frames();
            int outW = g.output().width(), outH = g.output().height();
            return new Parts(mixed ? WeightPolicy.BF16 : WeightPolicy.KEEP, device, cfg, known(() -> WeightFiles.bytes(m.dit(), k -> true)), sr, srStored,
                    te == null ? 0 : known(() -> MemoryEstimates.textWeights(te)), te == null ? 0 : known(() -> MemoryEstimates.textWork(te)),
                    vd == null ? 0 : known(() -> MemoryEstimates.vaeWeights(vd)),
                    vd == null ? 0 : known(() -> MemoryEstimates.videoDecodeWork(vd, frames, outW, outH)) + latents,
                    ad == null ? 0 : known(() -> MemoryEstimates.vaeWeights(ad)), ad == null ? 0 : MemoryEstimates.audioDecodeWork(samples) + latents,
                    ie == null ? 0 : known(() -> MemoryEstimates.vaeWeights(ie)), ie == null ? 0 : pixels * 160 * 4 * 3,
                    ae == null ? 0 : known(() -> MemoryEstimates.vaeWeights(ae)), ae == null ? 0 : MemoryEstimates.audioDecodeWork(samples),
                    baseWork, srWork, latents);
        }

        /// The rows the text encoder gives for `prompt` (its longest length when they cannot be counted).
        private static int promptTokens(String prompt, ComponentSpec te) {
            try {
                return Math.max(1, PromptLength.tokens(prompt, te));
            } catch (IOException | RuntimeException e) {
                return TextEncoder.MAX_TOKENS;
            }
        }

        private interface Size {
            long bytes() throws IOException;
        }

        /// A component's size, or 0 when its files cannot be read: the plan does not judge files; the job's checks
        /// report a broken component by name before any work ([Preflight]).
        private static long known(Size s) {
            try {
                return s.bytes();
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "memory plan: a component's size is unknown: " + e.getMessage());
                return 0;
            }
        }

        long dit(WeightPolicy p) { return MemoryEstimates.ditWeights(dit, p, device, ditStored); }

        long sr(WeightPolicy p) { return srDit == null ? 0 : MemoryEstimates.ditWeights(srDit, p, device, srStored); }

        List<MemoryPlan.Stage> stages(Placement c) {
            long te = c.textEncoderOnCpu() ? 0 : text, teWork = c.textEncoderOnCpu() ? 0 : textWork;
            long vd = c.decodersOnCpu() ? 0 : videoDecoder, ad = c.decodersOnCpu() ? 0 : audioDecoder;
            long vdWork = c.decodersOnCpu() ? latents : videoDecodeWork, adWork = c.decodersOnCpu() ? 0 : audioDecodeWork;
            long dit = dit(c.ditWeights()), sr = sr(c.ditWeights());
            long all = te + dit + sr + vd + ad + imageEncoder + audioEncoder;
            boolean release = c.releaseAfterUse();
            List<MemoryPlan.Stage> s = new ArrayList<>();
            s.add(new MemoryPlan.Stage("text encoding", release ? te : all, teWork));
            if (imageEncoder > 0) s.add(new MemoryPlan.Stage("image encoding", release ? imageEncoder : all, imageEncodeWork));
            if (audioEncoder > 0) s.add(new MemoryPlan.Stage("audio encoding", release ? audioEncoder : all, audioEncodeWork));
            s.add(new MemoryPlan.Stage("denoising", release ? dit : all, baseWork));
            if (srDit != null) s.add(new MemoryPlan.Stage("super-resolution", release ? sr : all, srWork));
            if (videoDecoder > 0) s.add(new MemoryPlan.Stage("video decoding", release ? vd : all, vdWork));
            if (audioDecoder > 0) s.add(new MemoryPlan.Stage("audio decoding", release ? ad : all, adWork));
            return s;
        }
    }
}
