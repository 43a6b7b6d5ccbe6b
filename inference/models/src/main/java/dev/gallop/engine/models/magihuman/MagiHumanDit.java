package dev.gallop.engine.models.magihuman;

import dev.gallop.engine.backend.AttentionMask;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.runtime.CancelToken;
import dev.gallop.engine.runtime.Precision;
import dev.gallop.engine.runtime.Trace;
import dev.gallop.engine.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/// The daVinci-MagiHuman DiT: one sequence [video | audio | text], an adapter that embeds each modality, a stack of
/// "sandwich" layers (modality experts at both ends, shared weights in the middle) and two output heads.
/// Timestep-free: σ is never an input. Predicts the flow velocity v = ε − x₀ for video and audio.
///
/// ref: daVinci-MagiHuman inference/model/dit/dit_module.py (DiTModel, Adapter) @209209b
public final class MagiHumanDit {
    private final MagiHumanConfig cfg;
    private final Device device;
    // adapter: Linear with bias, f32
    private final Tensor videoEmbedW, videoEmbedB;   // [D, 192], [D]
    private final Tensor audioEmbedW, audioEmbedB;   // [D, 64],  [D]
    private final Tensor textEmbedW, textEmbedB;     // [D, 3584], [D]
    private final float[] ropeBands;                 // [16]
    private final List<DitLayer> layers = new ArrayList<>();
    // heads: RMS norm (1 + w) then Linear without bias, f32
    private final ExpertNorm finalNormVideo, finalNormAudio;   // [D]
    private final Tensor finalLinearVideo, finalLinearAudio;   // [192, D], [64, D]

    /// Loads every tensor of the checkpoint (strictly: the caller should call `w.requireAllConsumed()` after).
    public MagiHumanDit(MagiHumanConfig cfg, Weights w, Device device) {
        this.cfg = cfg;
        this.device = device;
        int d = cfg.hidden();
        Weights a = w.at("adapter");
        videoEmbedW = a.vector("video_embedder.weight", Shape.of(d, cfg.videoInChannels()));
        videoEmbedB = a.vector("video_embedder.bias", Shape.of(d));
        audioEmbedW = a.vector("audio_embedder.weight", Shape.of(d, cfg.audioChannels()));
        audioEmbedB = a.vector("audio_embedder.bias", Shape.of(d));
        textEmbedW = a.vector("text_embedder.weight", Shape.of(d, cfg.textChannels()));
        textEmbedB = a.vector("text_embedder.bias", Shape.of(d));
        ropeBands = a.floats("rope.bands", Shape.of(cfg.ropeBands()));
        Weights blocks = w.at("block").at("layers");
        for (int i = 0; i < cfg.layers(); i++) layers.add(new DitLayer(cfg, i, blocks.at(i), device));
        finalNormVideo = ExpertNorm.load(w, "final_norm_video.weight", 1, d, cfg.normEps(), device);
        finalNormAudio = ExpertNorm.load(w, "final_norm_audio.weight", 1, d, cfg.normEps(), device);
        finalLinearVideo = w.vector("final_linear_video.weight", Shape.of(cfg.videoInChannels(), d));
        finalLinearAudio = w.vector("final_linear_audio.weight", Shape.of(cfg.audioChannels(), d));
    }

    public MagiHumanConfig config() { return cfg; }

    public Device device() { return device; }

    public DitOutput forward(DitInput in, Precision precision) {
        return forward(in, precision, Trace.NONE, CancelToken.NEVER);
    }

    public DitOutput forward(DitInput in, Precision precision, Trace trace, CancelToken cancel) {
        int c = cfg.latentChannels(), d = cfg.hidden();
        validate(in);
        TokenLayout l = TokenLayout.of(in.frames(), in.height(), in.width(),
                in.audioTokens(cfg.audioChannels()), in.textTokens(cfg.textChannels()));
        int n = l.total(), nv = l.videoTokens();
        boolean bf16 = precision == Precision.MIXED_BF16;
        Kernels k = device.kernels();
        Workspace ws = new Workspace(device);

        // 1. adapter: per-modality Linear (with bias, f32) into one sequence x[N, D]
        Tensor x = device.empty(dev.gallop.engine.tensor.DType.F32, Shape.of(n, d));
        float[] packed = PatchPacking.pack(in.video(), c, in.frames(), in.height(), in.width());   // [Nv, 4C]
        embed(k, x, l, 0, packed, cfg.videoInChannels(), videoEmbedW, videoEmbedB);
        embed(k, x, l, 1, in.audio(), cfg.audioChannels(), audioEmbedW, audioEmbedB);
        embed(k, x, l, 2, in.text(), cfg.textChannels(), textEmbedW, textEmbedB);
        if (trace.enabled()) {
            trace.tap("packed_video_tokens", Tensor.fromFloats(device, Shape.of(nv, cfg.videoInChannels()), packed));
            trace.tap("adapter_out", x);
        }

        // 2. RoPE tables [N, 48] (sin, cos) for the token coordinates
        RopeTables rope = RopeTables.build(l, cfg.textCoords(), ropeBands);
        Tensor sin = Tensor.fromFloats(device, Shape.of(n, rope.angles()), rope.sin());
        Tensor cos = Tensor.fromFloats(device, Shape.of(n, rope.angles()), rope.cos());
        if (trace.enabled()) {
            trace.tap("coords", Tensor.fromFloats(device, Shape.of(n, 9), rope.coords()));
            trace.tap("rope", Tensor.fromFloats(device, Shape.of(n, 2 * rope.angles()), concatRows(rope.sin(), rope.cos(), n, rope.angles())));
        }

        // 3. the layer stack
        AttentionMask full = AttentionMask.full(n);
        AttentionMask local = cfg.localAttnLayers().isEmpty() ? full
                : AttentionMask.frameWindow(l.frames(), l.tokensPerFrame(), n, cfg.frameReceptiveField());
        for (int i = 0; i < layers.size(); i++) {
            cancel.throwIfCancelled();
            layers.get(i).forward(k, ws, x, l, sin, cos, cfg.localAttnLayers().contains(i) ? local : full, bf16, trace);
            if (trace.enabled()) trace.tap("layer" + i + ".out", x);
        }

        // 4. heads: final norm, Linear to patch features; un-patchify in (ph, pw, c) order
        Tensor hv = ws.get("final_video", nv, d), ha = ws.get("final_audio", l.audioTokens(), d);
        TokenLayout videoOnly = new TokenLayout(l.frames(), l.gridH(), l.gridW(), 0, 0);
        finalNormVideo.forward(k, hv, x.rows(0, nv), videoOnly);
        Tensor ov = ws.get("head_video", nv, cfg.videoInChannels());
        k.linear(ov, hv, finalLinearVideo, null, false);
        float[] audioOut = new float[0];
        if (l.audioTokens() > 0) {
            Tensor xa = x.rows(l.start(1), l.end(1));
            finalNormAudio.forward(k, ha, xa, videoOnly);
            Tensor oa = ws.get("head_audio", l.audioTokens(), cfg.audioChannels());
            k.linear(oa, ha, finalLinearAudio, null, false);
            if (trace.enabled()) {
                trace.tap("final_norm_audio", ha);
                trace.tap("head_audio_tokens", oa);
            }
            audioOut = oa.toFloats();
        }
        if (trace.enabled()) {
            trace.tap("final_norm_video", hv);
            trace.tap("head_video_tokens", ov);
        }
        float[] videoOut = PatchPacking.unpack(ov.toFloats(), c, in.frames(), in.height(), in.width());
        return new DitOutput(videoOut, audioOut);
    }

    private void embed(Kernels k, Tensor x, TokenLayout l, int modality, float[] data, int width, Tensor w, Tensor b) {
        int s = l.start(modality), e = l.end(modality);
        if (e == s) return;
        Tensor in = Tensor.fromFloats(device, Shape.of(e - s, width), data);
        k.linear(x.rows(s, e), in, w, b, false);
    }

    private static float[] concatRows(float[] a, float[] b, int rows, int width) {
        float[] out = new float[rows * 2 * width];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(a, r * width, out, r * 2 * width, width);
            System.arraycopy(b, r * width, out, r * 2 * width + width, width);
        }
        return out;
    }

    private void validate(DitInput in) {
        int c = cfg.latentChannels();
        long expect = (long) c * in.frames() * in.height() * in.width();
        if (in.video().length != expect) {
            throw new IllegalArgumentException("video latent has " + in.video().length + " values; [" + c + ", " + in.frames()
                    + ", " + in.height() + ", " + in.width() + "] needs " + expect);
        }
        if (in.audio().length % cfg.audioChannels() != 0) {
            throw new IllegalArgumentException("audio latent length " + in.audio().length + " is not a multiple of " + cfg.audioChannels() + " channels");
        }
        if (in.text().length % cfg.textChannels() != 0) {
            throw new IllegalArgumentException("text features length " + in.text().length + " is not a multiple of " + cfg.textChannels() + " channels");
        }
    }
}
