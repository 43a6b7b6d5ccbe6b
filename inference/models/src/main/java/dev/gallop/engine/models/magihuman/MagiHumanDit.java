package dev.gallop.engine.models.magihuman;

import dev.gallop.engine.backend.AttentionMask;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.Replay;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.nn.WeightStream;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.runtime.CancelToken;
import dev.gallop.engine.runtime.Precision;
import dev.gallop.engine.runtime.Trace;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/// The daVinci-MagiHuman DiT (docs/models/magihuman.md#dit): one sequence [video | audio | text], an adapter that
/// embeds each modality, a stack of "sandwich" layers (modality experts at both ends, shared weights in the middle)
/// and two output heads. Timestep-free: σ is never an input. Predicts the flow velocity v = ε − x₀ for video and
/// audio.
///
/// Everything runs through the device's [Kernels] on device tensors; a forward makes no host copy (the RoPE tables of
/// a token layout are uploaded once and kept). Inputs are copied into a workspace that also holds the activations
/// and the outputs at stable addresses, so each layout's forward is recorded once ([Device#record]: one CUDA graph
/// per step on a GPU) and replayed for the following steps. The outputs are overwritten by the next forward.
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
    private final Map<TokenLayout, RopeTablesOnDevice> ropes = new HashMap<>();   // sin, cos [N, 48] per layout
    private final Map<ReplayKey, Replay> replays = new HashMap<>();
    private final WeightStream stream;   // null: every layer resident

    /// Whether a forward is recorded once per layout and replayed (one CUDA graph per step on a GPU).
    /// `-Dgallop.graphs=false` runs every forward eagerly.
    static final boolean GRAPHS = !"false".equals(System.getProperty("gallop.graphs"));

    private record ReplayKey(TokenLayout layout, DType act) {}

    private record RopeTablesOnDevice(RopeTables host, Tensor sin, Tensor cos) {}

    /// Loads every tensor of the checkpoint onto the device (strictly: the caller should call `w.requireAllConsumed()`
    /// after).
    public MagiHumanDit(MagiHumanConfig cfg, Weights w, Device device) { this(cfg, w, device, Set.of()); }

    /// As [#MagiHumanDit(MagiHumanConfig, Weights, Device)], with the GEMM weights of the `streamed` layers kept in host
    /// memory and uploaded into one of two device slots just before each of those layers runs ([WeightStream]): the
    /// device holds the other layers, the slots and the activations. A streamed forward is not recorded (its copies
    /// run every time).
    public MagiHumanDit(MagiHumanConfig cfg, Weights w, Device device, Set<Integer> streamed) {
        for (int l : streamed) {
            if (l < 0 || l >= cfg.layers()) throw new IllegalArgumentException("streamed layer " + l + " outside 0.." + (cfg.layers() - 1));
        }
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
        long slot = 0;
        for (int l : streamed) slot = Math.max(slot, layerGemmBytes(cfg, l, blocks.at(l)));
        stream = streamed.isEmpty() ? null : new WeightStream(device, slot);
        for (int i = 0; i < cfg.layers(); i++) {
            Weights lw = streamed.contains(i) ? blocks.at(i).streaming(stream, i) : blocks.at(i);
            layers.add(new DitLayer(cfg, i, lw, device));
        }
        finalNormVideo = ExpertNorm.load(w, "final_norm_video.weight", 1, d, cfg.normEps(), device);
        finalNormAudio = ExpertNorm.load(w, "final_norm_audio.weight", 1, d, cfg.normEps(), device);
        finalLinearVideo = w.vector("final_linear_video.weight", Shape.of(cfg.videoInChannels(), d));
        finalLinearAudio = w.vector("final_linear_audio.weight", Shape.of(cfg.audioChannels(), d));
    }

    /// The slot bytes layer `l`'s GEMM weights take on the device (what streaming it needs per slot).
    static long layerGemmBytes(MagiHumanConfig cfg, int l, Weights lw) {
        int m = cfg.experts(l), d = cfg.hidden();
        Weights a = lw.at("attention"), f = lw.at("mlp");
        return WeightStream.slotBytesFor(
                a.linearBytes("linear_qkv.weight", Shape.of(m * cfg.qkvWidth(), d), false),
                a.linearBytes("linear_proj.weight", Shape.of(m * d, cfg.headsQ() * cfg.headDim()), false),
                f.linearBytes("up_gate_proj.weight", Shape.of(m * cfg.mlpUpWidth(l), d), false),
                f.linearBytes("down_proj.weight", Shape.of(m * d, cfg.mlpIntermediate(l)), true));
    }

    /// The layers' weight stream, or null when every layer is resident.
    public WeightStream stream() { return stream; }

    public MagiHumanConfig config() { return cfg; }

    public Device device() { return device; }

    public DitOutput forward(DitInput in, Precision precision) {
        return forward(in, precision, Trace.NONE, CancelToken.NEVER);
    }

    public DitOutput forward(DitInput in, Precision precision, Trace trace, CancelToken cancel) {
        TokenLayout l = validate(in);
        DType act = precision == Precision.MIXED_BF16 ? DType.BF16 : DType.F32;
        Kernels k = device.kernels();
        // the inputs go into the workspace, so that a recorded forward reads them from the same addresses every step
        Tensor video = ws.get("in_video", DType.F32, in.video().shape().dims());
        Tensor audio = ws.get("in_audio", DType.F32, in.audio().shape().dims());
        Tensor text = ws.get("in_text", DType.F32, in.text().shape().dims());
        k.copy(video, in.video());
        if (audio.numel() > 0) k.copy(audio, in.audio());
        if (text.numel() > 0) k.copy(text, in.text());
        RopeTablesOnDevice rope = rope(l);
        if (trace.enabled() || !GRAPHS || stream != null) {
            return body(k, l, video, audio, text, act, rope, trace, cancel);
        }
        cancel.throwIfCancelled();
        ReplayKey key = new ReplayKey(l, act);
        Replay r = replays.get(key);
        if (r == null) {
            long before = ws.generation();
            r = device.record(() -> body(k, l, video, audio, text, act, rope, Trace.NONE, CancelToken.NEVER));
            if (ws.generation() != before) closeReplays();   // the workspace moved: recordings of other layouts are stale
            replays.put(key, r);
        } else {
            r.run();
        }
        return outputs(l);
    }

    /// One forward from the workspace inputs to the workspace outputs, every step through the device's kernels.
    private DitOutput body(Kernels k, TokenLayout l, Tensor video, Tensor audio, Tensor text, DType act, RopeTablesOnDevice rope,
                           Trace trace, CancelToken cancel) {
        int n = l.total(), nv = l.videoTokens(), d = cfg.hidden();

        // 1. adapter: per-modality Linear (with bias, f32) into one sequence                    x: [N, D]
        Tensor x = ws.get("x", DType.F32, n, d);
        Tensor packed = ws.get("packed_video", DType.F32, nv, cfg.videoInChannels());          // [Nv, 4C]
        k.patchify(packed, video);
        k.linear(x.rows(0, nv), packed, videoEmbedW, videoEmbedB);
        if (l.audioTokens() > 0) k.linear(x.rows(l.start(1), l.end(1)), audio, audioEmbedW, audioEmbedB);
        if (l.textTokens() > 0) k.linear(x.rows(l.start(2), l.end(2)), text, textEmbedW, textEmbedB);
        if (trace.enabled()) {
            trace.tap("packed_video_tokens", packed);
            trace.tap("adapter_out", x);
        }

        // 2. RoPE tables [N, 48] (sin, cos) of the token coordinates, built once per layout
        if (trace.enabled()) {
            trace.tap("coords", Tensor.fromFloats(device, Shape.of(n, 9), rope.host().coords()));
            trace.tap("rope", Tensor.fromFloats(device, Shape.of(n, 2 * rope.host().angles()),
                    concatRows(rope.host().sin(), rope.host().cos(), n, rope.host().angles())));
        }

        // 3. the layer stack (streamed layers' weights arrive one layer ahead)
        if (stream != null) stream.begin();
        AttentionMask full = AttentionMask.full(n);
        AttentionMask local = cfg.localAttnLayers().isEmpty() ? full
                : AttentionMask.frameWindow(l.frames(), l.tokensPerFrame(), n, cfg.frameReceptiveField());
        for (int i = 0; i < layers.size(); i++) {
            cancel.throwIfCancelled();
            boolean streamed = stream != null && stream.streams(i);
            if (streamed) stream.acquire(i);
            layers.get(i).forward(k, ws, x, l, rope.sin(), rope.cos(), cfg.localAttnLayers().contains(i) ? local : full, act, trace);
            if (streamed) stream.release(i);
            if (trace.enabled()) trace.tap("layer" + i + ".out", x);
        }

        // 4. heads: final norm, Linear to patch features; un-patchify in (ph, pw, c) order
        TokenLayout videoOnly = new TokenLayout(l.frames(), l.gridH(), l.gridW(), 0, 0);
        Tensor hv = ws.get("final_video", DType.F32, nv, d);
        finalNormVideo.forward(k, hv, x.rows(0, nv), videoOnly);
        Tensor ov = ws.get("head_video", DType.F32, nv, cfg.videoInChannels());
        k.linear(ov, hv, finalLinearVideo, null);
        DitOutput out = outputs(l);
        k.unpatchify(out.video(), ov);
        if (l.audioTokens() > 0) {
            Tensor ha = ws.get("final_audio", DType.F32, l.audioTokens(), d);
            finalNormAudio.forward(k, ha, x.rows(l.start(1), l.end(1)), videoOnly);
            k.linear(out.audio(), ha, finalLinearAudio, null);
            if (trace.enabled()) {
                trace.tap("final_norm_audio", ha);
                trace.tap("head_audio_tokens", out.audio());
            }
        }
        if (trace.enabled()) {
            trace.tap("final_norm_video", hv);
            trace.tap("head_video_tokens", ov);
        }
        return out;
    }

    private DitOutput outputs(TokenLayout l) {
        return new DitOutput(ws.get("out_video", DType.F32, cfg.latentChannels(), l.frames(), 2 * l.gridH(), 2 * l.gridW()),
                ws.get("out_audio", DType.F32, l.audioTokens(), cfg.audioChannels()));
    }

    /// Drops every recorded forward (their buffers are about to change, or the DiT is being released).
    public void closeReplays() {
        for (Replay r : replays.values()) r.close();
        replays.clear();
    }

    /// The RoPE tables of a layout on the device, built once (a guided run alternates two layouts).
    private RopeTablesOnDevice rope(TokenLayout l) {
        return ropes.computeIfAbsent(l, key -> {
            RopeTables host = RopeTables.build(key, cfg.textCoords(), ropeBands);
            return new RopeTablesOnDevice(host, Tensor.fromFloats(device, Shape.of(key.total(), host.angles()), host.sin()),
                    Tensor.fromFloats(device, Shape.of(key.total(), host.angles()), host.cos()));
        });
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
