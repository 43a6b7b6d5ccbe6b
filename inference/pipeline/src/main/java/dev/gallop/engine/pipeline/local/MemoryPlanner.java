package dev.gallop.engine.pipeline.local;

import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.MemoryBudget;
import dev.gallop.engine.models.TextEncoder;
import dev.gallop.engine.models.magihuman.MagiHumanConfig;
import dev.gallop.engine.models.vae.TurboVaedConfig;
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
/// and length, and the budget, it predicts each stage's peak ([MemoryEstimates]) and, from the fastest placement on,
/// gives up speed only for the stage that does not fit:
///
/// 1. everything resident (retakes reload nothing);
/// 2. each component released after its stage (the text encoder after the prompt, the base DiT before the
///    super-resolution DiT, ...), so the peak holds one large component;
/// 3. when a DiT stage is over: the DiTs' GEMM weights in fp8, quantized at load (half of bf16; mixed-precision
///    models only), then as few DiT layers as fit streamed from host memory ([Placement#streamedLayers]);
/// 4. when the text stage is over: T5Gemma's projections in fp8 (mixed-precision models), then, on a GPU, the text
///    encoder on the CPU;
/// 5. when the video decoding is over: Turbo-VAED in spatial tiles, the largest that fit; then, on a GPU, the
///    decoders on the CPU.
///
/// When nothing more helps, the plan says which stage does not fit, by how much, and what to change.
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
        long available = usable(device, budget);

        boolean mixed = m.precision() == Precision.MIXED_BF16;
        Placement p = Placement.RESIDENT.withDitWeights(parts.defaultPolicy);
        if (!keepLoaded) p = p.withReleaseAfterUse();
        while (true) {
            List<MemoryPlan.Stage> stages = parts.stages(p);
            List<String> over = stages.stream().filter(s -> s.peakBytes() > available).map(MemoryPlan.Stage::name).toList();
            if (over.isEmpty()) return fitting(device, budget, available, p, stages, parts);
            Placement next = null;
            int tile;
            boolean dit = over.contains("denoising") || over.contains("super-resolution");
            if (!p.releaseAfterUse()) {
                next = p.withReleaseAfterUse();
            } else if (dit && mixed && p.ditWeights() != WeightPolicy.FP8_PER_CHANNEL) {
                next = p.withDitWeights(WeightPolicy.FP8_PER_CHANNEL);
            } else if (dit && p.streamedLayers() < parts.dit.layers()) {
                next = p.withStreamedLayers(parts.leastStreamed(p, available));
            } else if (over.contains("text encoding") && parts.t5() && mixed && p.textEncoderWeights() != WeightPolicy.FP8_PER_CHANNEL) {
                next = p.withTextEncoderWeights(WeightPolicy.FP8_PER_CHANNEL);
            } else if (gpu && over.contains("text encoding") && !p.textEncoderOnCpu()) {
                next = p.withTextEncoderOnCpu();
            } else if (over.contains("video decoding") && !p.decodersOnCpu() && (tile = parts.largestTile(p, available)) > 0) {
                next = p.withDecoderTile(tile);
            } else if (gpu && (over.contains("video decoding") || over.contains("audio decoding")) && !p.decodersOnCpu()) {
                next = p.withDecodersOnCpu();
            }
            if (next == null) return notFitting(r, device, budget, available, p, stages);
            p = next;
        }
    }

    /// One DiT forward's own device bytes: the weights in `policy` (BF16, F32 or FP8_PER_CHANNEL) with `streamed`
    /// layers in host memory, and the workspace for `video`, `audio` and `text` tokens in the activation dtype
    /// (`mixed`: bf16). What `gallop bench cuda` compares with the device pool's measured peak.
    public static MemoryPlan.Stage ditForward(MagiHumanConfig cfg, WeightPolicy policy, int streamed, long video, long audio, long text,
                                              boolean mixed, Device device) {
        if (policy == WeightPolicy.KEEP) throw new IllegalArgumentException("a DiT forward's plan needs the weights' format, not KEEP");
        return new MemoryPlan.Stage("DiT forward", MemoryEstimates.ditWeightsStreamed(cfg, policy, device, 0, streamed),
                MemoryEstimates.ditWork(cfg, video, audio, text, mixed ? 2 : 4));
    }

    /// The fewest streamed layers with which [#ditForward] fits `bytes` (every layer when none does).
    public static int leastStreamedLayers(MagiHumanConfig cfg, WeightPolicy policy, long video, long audio, long text, boolean mixed,
                                          Device device, long bytes) {
        for (int n = 0; n < cfg.layers(); n++) {
            if (ditForward(cfg, policy, n, video, audio, text, mixed, device).peakBytes() <= bytes) return n;
        }
        return cfg.layers();
    }

    /// What a budget leaves for Gallop's tensors on `device`: the budget or the device's memory, less the margin and,
    /// on a GPU, the libraries' workspaces.
    public static long usable(Device device, MemoryBudget budget) {
        boolean gpu = !device.id().equals("cpu");
        // on a GPU: what is free, and what Gallop holds (it can give it back before the job)
        long deviceBytes = gpu ? device.memory().freeBytes() + device.memoryUse().inUseBytes() + device.cachedBytes() : device.memory().totalBytes();
        return Math.max(0, (long) (budget.within(deviceBytes) * MARGIN) - (gpu ? CUDA_LIBRARIES : 0));
    }

    /// Bytes a second of host-to-device copies moves, for the time streamed layers add: what copies through
    /// pageable memory reach on PCIe 4 (a GPU), or a core's memory bandwidth (the CPU).
    static final double GPU_UPLOAD_BYTES_PER_S = 12e9, CPU_COPY_BYTES_PER_S = 8e9;

    private static MemoryPlan fitting(Device device, MemoryBudget budget, long available, Placement p, List<MemoryPlan.Stage> stages, Parts parts) {
        MemoryPlan plan = new MemoryPlan(device.id(), budget, available, p, stages, true, "", 0);
        double copies = p.streamedLayers() == 0 ? 0 : parts.streamedBytes(p) * parts.forwardsPerStep
                / (device.id().equals("cpu") ? CPU_COPY_BYTES_PER_S : GPU_UPLOAD_BYTES_PER_S);
        String verdict = "fits: peak " + MemoryBudget.format(plan.peakBytes()) + " in " + plan.peakStage().name() + " of "
                + MemoryBudget.format(available) + " usable, with " + p.describe()
                + (copies > 0 ? String.format(java.util.Locale.ROOT, " (about %.1f s of weight copies per step)", copies) : "");
        return new MemoryPlan(device.id(), budget, available, p, stages, true, verdict, copies);
    }

    private static MemoryPlan notFitting(GenerationRequest r, Device device, MemoryBudget budget, long available, Placement p,
                                         List<MemoryPlan.Stage> stages) {
        MemoryPlan last = new MemoryPlan(device.id(), budget, available, p, stages, false, "", 0);
        MemoryPlan.Stage worst = last.peakStage();
        String verdict = "does not fit: " + worst.name() + " needs " + MemoryBudget.format(worst.peakBytes()) + " (" + MemoryBudget.format(worst.weightBytes())
                + " of weights, " + MemoryBudget.format(worst.workBytes()) + " working) but " + MemoryBudget.format(available) + " is usable"
                + (budget.isUnlimited() ? " on " + device.id() : " within the budget of " + budget) + " even with " + p.describe()
                + "; ask for a " + (worst.workBytes() > worst.peakBytes() / 4 ? "shorter or smaller clip" : "smaller model or more memory")
                + (r.superResolution().isPresent() ? ", drop the super-resolution stage" : "")
                + (budget.isUnlimited() ? "" : ", or raise the budget");
        return new MemoryPlan(device.id(), budget, available, p, stages, false, verdict, 0);
    }

    /// Every size the stages are made of, computed once per request.
    private record Parts(WeightPolicy defaultPolicy, Device device, MagiHumanConfig dit, long ditStored, MagiHumanConfig srDit,
                         long srStored, boolean t5, long text, long textFp8, long textWork, long videoDecoder, long videoDecodeWork, long audioDecoder,
                         long audioDecodeWork, long imageEncoder, long imageEncodeWork, long audioEncoder, long audioEncodeWork,
                         long baseWork, long srWork, long latents, int forwardsPerStep, TurboVaedConfig tiling, long frames, int outW, int outH) {

        static Parts of(GenerationRequest r, ModelManifest m, Device device) throws IOException {
            GenerationPlan g = GenerationPlan.of(r, m);
            MagiHumanConfig cfg = m.ditSpec().resolveConfig();
            boolean mixed = m.precision() == Precision.MIXED_BF16;
            int act = mixed ? 2 : 4;
            boolean unipc = m.sampler() == ModelManifest.Sampler.UNIPC;
            ComponentSpec te = m.components().get(ModelManifest.TEXT_ENCODER);
            long text = te == null ? TextEncoder.MAX_TOKENS : Math.max(1, Math.max(PromptLength.tokens(r.prompt().render(), te),
                    unipc ? PromptLength.tokens(m.negativePrompt(), te) : 1)), audio = g.audioLatents();
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
                srStored = mixed ? 0 : known(() -> WeightFiles.bytes(spec.path(), k -> true));   // only a model's own format needs it
                long srVideo = (long) g.latentFrames() * (g.srHeight() / 2) * (g.srWidth() / 2);
                srWork = MemoryEstimates.ditWork(sr, srVideo, audio, text, act) + latents * copies + features;
            }
            long samples = (long) Math.ceil((g.frames() - 1) / (double) GenerationRequest.FPS * 44_100);
            ComponentSpec vd = m.components().get(ModelManifest.VIDEO_DECODER), ad = m.components().get(ModelManifest.AUDIO_DECODER);
            ComponentSpec ie = r.image().isPresent() ? m.components().get(ModelManifest.IMAGE_ENCODER) : null;
            ComponentSpec ae = r.audio().isPresent() ? m.components().get(ModelManifest.AUDIO_ENCODER) : null;
            long pixels = (long) r.size().width() * r.size().height();
            long frames = g.frames();
            int outW = g.output().width(), outH = g.output().height();
            return new Parts(mixed ? WeightPolicy.BF16 : WeightPolicy.KEEP, device, cfg, mixed ? 0 : known(() -> WeightFiles.bytes(m.dit(), k -> true)), sr, srStored,
                    te != null && te.kind().equals("t5gemma"), te == null ? 0 : known(() -> MemoryEstimates.textWeights(te)),
                    te == null ? 0 : known(() -> MemoryEstimates.textWeightsFp8(te)), te == null ? 0 : known(() -> MemoryEstimates.textWork(te)),
                    vd == null ? 0 : known(() -> MemoryEstimates.vaeWeights(vd)),
                    vd == null ? 0 : known(() -> MemoryEstimates.videoDecodeWork(vd, frames, outW, outH)) + latents,
                    ad == null ? 0 : known(() -> MemoryEstimates.vaeWeights(ad)), ad == null ? 0 : MemoryEstimates.audioDecodeWork(ad, samples) + latents,
                    ie == null ? 0 : known(() -> MemoryEstimates.vaeWeights(ie)), ie == null ? 0 : pixels * 160 * 4 * 3,
                    ae == null ? 0 : known(() -> MemoryEstimates.vaeWeights(ae)), ae == null ? 0 : MemoryEstimates.audioDecodeWork(ae, samples),
                    baseWork, srWork, latents, unipc ? 2 : 1, vd == null ? null : tiling(vd), frames, outW, outH);
        }

        /// The config of `vd` when it decodes in tiles, read once per plan (null: it does not, or cannot be read).
        private static TurboVaedConfig tiling(ComponentSpec vd) {
            try {
                return MemoryEstimates.tiling(vd);
            } catch (IOException | RuntimeException e) {
                return null;
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

        long dit(Placement c) { return MemoryEstimates.ditWeightsStreamed(dit, c.ditWeights(), device, ditStored, Math.min(c.streamedLayers(), dit.layers())); }

        long sr(Placement c) {
            return srDit == null ? 0 : MemoryEstimates.ditWeightsStreamed(srDit, c.ditWeights(), device, srStored, Math.min(c.streamedLayers(), srDit.layers()));
        }

        /// The least number of streamed layers with which the DiT stages fit `available` (every layer when none does).
        int leastStreamed(Placement c, long available) {
            for (int n = c.streamedLayers() + 1; n < dit.layers(); n++) {
                Placement t = c.withStreamedLayers(n);
                if (baseWork + dit(t) <= available && (srDit == null || srWork + sr(t) <= available)) return n;
            }
            return dit.layers();
        }

        /// The video decoder's tile sizes tried, largest first (latent pixels a side).
        static final int[] TILES = {64, 48, 32, 24, 16, 12, 8};

        /// The largest decoder tile with which the video decoding fits `available`, smaller than `c`'s (0: none; the
        /// decoder does not tile, or no tile fits).
        int largestTile(Placement c, long available) {
            if (tiling == null) return 0;
            for (int t : TILES) {
                if (c.decoderTile() > 0 && t >= c.decoderTile()) continue;
                if ((long) t * 16 >= Math.max(outW, outH)) continue;   // a tile as large as the frame is the whole frame
                Placement p = c.withDecoderTile(t);
                MemoryPlan.Stage s = stages(p).stream().filter(x -> x.name().equals("video decoding")).findFirst().orElseThrow();
                if (s.peakBytes() <= available) return t;
            }
            return 0;
        }

        /// The base DiT's GEMM bytes copied per forward with `c`'s streamed layers.
        long streamedBytes(Placement c) {
            double b = MemoryEstimates.bytesPerWeight(dit, c.ditWeights(), ditStored);
            long sum = 0;
            for (int l : dit.layersToStream(Math.min(c.streamedLayers(), dit.layers()))) sum += MemoryEstimates.layerGemmBytes(dit, l, b, device::gemmWidth);
            return sum;
        }

        List<MemoryPlan.Stage> stages(Placement c) {
            long te = c.textEncoderOnCpu() ? 0 : c.textEncoderWeights() == WeightPolicy.FP8_PER_CHANNEL ? textFp8 : text, teWork = c.textEncoderOnCpu() ? 0 : textWork;
            long vd = c.decodersOnCpu() ? 0 : videoDecoder, ad = c.decodersOnCpu() ? 0 : audioDecoder;
            long tiled = c.decoderTile() > 0 && tiling != null
                    ? MemoryEstimates.videoDecodeTileWork(tiling, frames, c.decoderTile(), outW, outH, device.id().equals("cpu")) : 0;
            long vdWork = c.decodersOnCpu() ? latents : tiled > 0 ? tiled + latents : videoDecodeWork, adWork = c.decodersOnCpu() ? 0 : audioDecodeWork;
            long dit = dit(c), sr = sr(c);
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
