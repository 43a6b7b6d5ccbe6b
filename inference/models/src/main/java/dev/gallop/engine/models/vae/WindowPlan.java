package dev.gallop.engine.models.vae;

import java.util.ArrayList;
import java.util.List;

/// Turbo-VAED's windowed decode schedule (ref: daVinci-MagiHuman inference/model/turbo_vaed/turbo_vaed_module.py).
/// The latent is padded by repeating its last frame to `first + step·k` frames. Window 0 decodes latents [0, first)
/// as a first chunk; window i ≥ 1 decodes its `step` latents. Each window also takes one context latent on each side
/// where one exists. After decoding, the context's frames (`frameStride` per context latent) are cut, and at the end
/// so are the padding's frames.
public record WindowPlan(int frames, int paddedFrames, int frameStride, List<Window> windows) {
    /// Latents [from, to) with `leftContext`/`rightContext` (0 or 1) of them being context; `firstChunk` for window 0.
    public record Window(int from, int to, int leftContext, int rightContext, boolean firstChunk) {
        /// Pixel frames the decoder yields for this window.
        public int rawFrames(int frameStride) {
            int n = to - from;
            return firstChunk ? 1 + frameStride * (n - 1) : frameStride * n;
        }

        /// Kept pixel frames [keepFrom, keepTo) of the raw output.
        public int keepFrom(int frameStride) { return leftContext * frameStride; }

        public int keepTo(int frameStride) { return rawFrames(frameStride) - rightContext * frameStride; }
    }

    public static WindowPlan of(int frames, int first, int step, int frameStride) {
        if (frames < 1) throw new IllegalArgumentException("a latent needs at least one frame, got " + frames);
        int padded = frames <= first ? first : first + (frames - first + step - 1) / step * step;
        int count = 1 + (padded - first) / step;
        List<Window> ws = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int core0 = i == 0 ? 0 : first + (i - 1) * step, core1 = i == 0 ? first : core0 + step;
            int left = i == 0 ? 0 : 1, right = i == count - 1 ? 0 : 1;
            ws.add(new Window(core0 - left, core1 + right, left, right, i == 0));
        }
        return new WindowPlan(frames, padded, frameStride, List.copyOf(ws));
    }

    /// Pixel frames of the whole decode before the padding is removed.
    public int paddedPixelFrames() { return 1 + frameStride * (paddedFrames - 1); }

    /// Pixel frames of the result: 1 + frameStride·(frames − 1).
    public int pixelFrames() { return 1 + frameStride * (frames - 1); }
}
