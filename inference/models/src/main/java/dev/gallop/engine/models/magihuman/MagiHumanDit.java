package dev.gallop.engine.models.magihuman;

import dev.gallop.engine.backend.AttentionMask;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.runtime.CancelToken;
import dev.gallop.engine.runtime.Precision;
import dev.gallop.engine.runtime.Trace;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/// The daVinci-MagiHuman DiT (docs/models/magihuman.md): one sequence [video | audio | text], an adapter that embeds
/// each modality, a stack of "sandwich" layers (modality experts at both ends, shared weights in the middle) and two
/// output heads. Timestep-free: σ is never an input. Predicts the flow velocity v = ε − x₀ for video and audio.
///
/// Everything runs through the device's [Kernels] on device tensors; a forward makes no host copy (the RoPE tables of
/// a token layout are uploaded once and kept). Activations and outputs live in a workspace that the next forward
/// reuses at the same addresses, so a backend can capture a forward as one graph and replay it.
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
    private final Workspace ws;
    private TokenLayout ropeLayout;                  // the layout the cached tables below are for
    private Tensor ropeSin, ropeCos;                 // [N, 48]
    private RopeTables ropeHost;

    /// Loads every tensor of the checkpoint (strictly: the caller should call `w.requireAllConsumed()` after).
    public MagiHumanDit(MagiHumanConfig cfg, Weights w, Device device) {
        this.cfg = cfg;
        this.device = device;
        this.ws = new Workspace(device);
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
        TokenLayout l = validate(in);
        int n = l.total(), nv = l.videoTokens(), d = cfg.hidden(), c = cfg.latentChannels();
        DType act = precision == Precision.MIXED_BF16 ? DType.BF16 : DType.F32;
        Kernels k = device.kernels();

        // 1. adapter: per-modality Linear (with bias, f32) into one sequence                    x: [N, D]
        Tensor x = ws.get("x", DType.F32, n, d);
        Tensor packed = ws.get("packed_video", DType.F32, nv, cfg.videoInChannels());          // [Nv, 4C]
        k.patchify(packed, in.video());
        k.linear(x.rows(0, nv), packed, videoEmbedW, videoEmbedB);
        if (l.audioTokens() > 0) k.linear(x.rows(l.start(1), l.end(1)), in.audio(), audioEmbedW, audioEmbedB);
        if (l.textTokens() > 0) k.linear(x.rows(l.start(2), l.end(2)), in.text(), textEmbedW, textEmbedB);
        if (trace.enabled()) {
            trace.tap("packed_video_tokens", packed);
            trace.tap("adapter_out", x);
        }

        // 2. RoPE tables [N, 48] (sin, cos) of the token coordinates, built once per layout
        rope(l);
        if (trace.enabled()) {
            trace.tap("coords", Tensor.fromFloats(device, Shape.of(n, 9), ropeHost.coords()));
            trace.tap("rope", Tensor.fromFloats(device, Shape.of(n, 2 * ropeHost.angles()),
                    concatRows(ropeHost.sin(), ropeHost.cos(), n, ropeHost.angles())));
        }

        // 3. the layer stack
        AttentionMask full = AttentionMask.full(n);
        AttentionMask local = cfg.localAttnLayers().isEmpty() ? full
                : AttentionMask.frameWindow(l.frames(), l.tokensPerFrame(), n, cfg.frameReceptiveField());
        for (int i = 0; i < layers.size(); i++) {
            cancel.throwIfCancelled();
            layers.get(i).forward(k, ws, x, l, ropeSin, ropeCos, cfg.localAttnLayers().contains(i) ? local : full, act, trace);
            if (trace.enabled()) trace.tap("layer" + i + ".out", x);
        }

        // 4. heads: final norm, Linear to patch features; un-patchify in (ph, pw, c) order
        TokenLayout videoOnly = new TokenLayout(l.frames(), l.gridH(), l.gridW(), 0, 0);
        Tensor hv = ws.get("final_video", DType.F32, nv, d);
        finalNormVideo.forward(k, hv, x.rows(0, nv), videoOnly);
        Tensor ov = ws.get("head_video", DType.F32, nv, cfg.videoInChannels());
        k.linear(ov, hv, finalLinearVideo, null);
        Tensor videoOut = ws.get("out_video", DType.F32, c, l.frames(), 2 * l.gridH(), 2 * l.gridW());
        k.unpatchify(videoOut, ov);
        Tensor audioOut = ws.get("out_audio", DType.F32, l.audioTokens(), cfg.audioChannels());
        if (l.audioTokens() > 0) {
            Tensor ha = ws.get("final_audio", DType.F32, l.audioTokens(), d);
            finalNormAudio.forward(k, ha, x.rows(l.start(1), l.end(1)), videoOnly);
            k.linear(audioOut, ha, finalLinearAudio, null);
            if (trace.enabled()) {
                trace.tap("final_norm_audio", ha);
                trace.tap("head_audio_tokens", audioOut);
            }
        }
        if (trace.enabled()) {
            trace.tap("final_norm_video", hv);
            trace.tap("head_video_tokens", ov);
        }
        return new DitOutput(videoOut, audioOut);
    }

    private void rope(TokenLayout l) {
        if (l.equals(ropeLayout)) return;
        ropeHost = RopeTables.build(l, cfg.textCoords(), ropeBands);
        ropeSin = Tensor.fromFloats(device, Shape.of(l.total(), ropeHost.angles()), ropeHost.sin());
        ropeCos = Tensor.fromFloats(device, Shape.of(l.total(), ropeHost.angles()), ropeHost.cos());
        ropeLayout = l;
    }

    private static float[] concatRows(float[] a, float[] b, int rows, int width) {
        float[] out = new float[rows * 2 * width];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(a, r * width, out, r * 2 * width, width);
            System.arraycopy(b, r * width, out, r * 2 * width + width, width);
        }
        return out;
    }

    private TokenLayout validate(DitInput in) {
        int c = cfg.latentChannels();
        for (Tensor t : new Tensor[] {in.video(), in.audio(), in.text()}) {
            if (t.device() != device) throw new IllegalArgumentException("DiT input " + t + " is not on the DiT's device " + device.id());
            if (t.dtype() != DType.F32) throw new IllegalArgumentException("DiT inputs are F32, got " + t);
        }
        if (in.video().shape().dim(0) != c) {
            throw new IllegalArgumentException("video latent " + in.video().shape() + " must have " + c + " channels");
        }
        if (in.audio().shape().last() != cfg.audioChannels()) {
            throw new IllegalArgumentException("audio latent " + in.audio().shape() + " must be [L_a, " + cfg.audioChannels() + "]");
        }
        if (in.text().shape().last() != cfg.textChannels()) {
            throw new IllegalArgumentException("text features " + in.text().shape() + " must be [L_t, " + cfg.textChannels() + "]");
        }
        return TokenLayout.of(in.frames(), in.height(), in.width(), in.audioTokens(), in.textTokens());
    }
}
