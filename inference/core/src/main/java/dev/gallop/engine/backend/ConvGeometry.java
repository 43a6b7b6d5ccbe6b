package dev.gallop.engine.backend;

/// The sizes of one [VolumeKernels#conv3d]: input [cin, t, h, w], weight [cout, cin, kt, kh, kw], padding and stride,
/// and the output sizes they give.
public record ConvGeometry(int cin, int t, int h, int w, int cout, int kt, int kh, int kw, ConvPadding pad) {
    public int outT() { return t + pad.front() + pad.back() - kt + 1; }

    public int outH() { return (h + pad.top() + pad.bottom() - kh) / pad.stride() + 1; }

    public int outW() { return (w + pad.left() + pad.right() - kw) / pad.stride() + 1; }

    public int taps() { return kt * kh * kw; }

    /// The input frame that time tap dt of output frame `to` reads, or −1 for a zero pad frame.
    public int sourceFrame(int to, int dt) {
        int src = to + dt - pad.front();
        if (src >= 0 && src < t) return src;
        return pad.timeMode() == ConvPadding.TimeMode.REPLICATE ? Math.clamp(src, 0, t - 1) : -1;
    }
}
