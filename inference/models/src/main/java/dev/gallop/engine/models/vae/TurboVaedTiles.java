package dev.gallop.engine.models.vae;

import dev.gallop.engine.backend.Backends;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.pipeline.DecodedVideo;
import dev.gallop.engine.runtime.CancelToken;
import dev.gallop.engine.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/// Turbo-VAED in spatial tiles, for frames whose feature maps do not fit the device. The latent's plane is cut into
/// tiles of at most `tile` latent pixels a side; each temporal window of each tile is decoded with a margin of
/// [#HALO] latent pixels of its neighbours around it (less at the frame's edges), and only the tile's own pixels are
/// kept. A pixel then sees the same latent a whole-frame decode sees as long as the decoder's receptive field is within
/// the margin, which it is for Turbo-VAED: the frames are the whole-frame decode's. The device holds one tile's window
/// with its margin at a time, the host one window of whole frames in f32, which the CPU's kernel turns into bytes.
final class TurboVaedTiles {
    /// Latent pixels of context decoded around every tile.
    static final int HALO = 12;

    private TurboVaedTiles() {}

    static DecodedVideo decode(TurboVaed vae, Tensor latent, int tile, CancelToken cancel) {
        if (tile < 1) throw new IllegalArgumentException("decoder tiles must be at least one latent pixel wide, got " + tile);
        Device device = vae.device(), cpu = Backends.device("cpu");
        TurboVaed.Prepared prep = vae.prepare(latent);
        int[] d = prep.padded().shape().dims();   // [C, T padded, H, W]
        int c = d[0], tp = d[1], h = d[2], w = d[3], px = vae.config().pixelStride(), s = prep.plan().frameStride();
        float[] host = prep.padded().toFloats();
        List<int[]> ys = cores(h, tile), xs = cores(w, tile);
        int oh = h * px, ow = w * px, outT = prep.plan().pixelFrames();
        byte[] bytes = new byte[Math.multiplyExact(Math.multiplyExact(outT, oh), ow * 3)];
        int written = 0;
        for (WindowPlan.Window win : prep.plan().windows()) {
            int keep0 = win.keepFrom(s), n = Math.max(0, Math.min(win.keepTo(s), keep0 + outT - written) - keep0);
            float[] frames = new float[Math.multiplyExact(3 * n, oh * ow)];
            for (int[] y : ys) {
                for (int[] x : xs) {
                    cancel.throwIfCancelled();
                    int y0 = Math.max(0, y[0] - HALO), y1 = Math.min(h, y[1] + HALO), x0 = Math.max(0, x[0] - HALO), x1 = Math.min(w, x[1] + HALO);
                    Tensor sub = Tensor.fromFloats(device, Shape.of(c, win.to() - win.from(), y1 - y0, x1 - x0),
                            crop(host, c, tp, h, w, win.from(), win.to(), y0, y1, x0, x1));
                    Tensor raw = vae.decodeWindow(sub, win.firstChunk(), VaeTaps.NONE);   // [3, raw frames, 16·(y1−y0), 16·(x1−x0)]
                    place(frames, n, oh, ow, raw.toFloats(), raw.shape().dim(1), keep0, px, y, x, y0, x0, y1 - y0, x1 - x0);
                }
            }
            byte[] part = TurboVaed.toBytes(cpu, Tensor.fromFloats(cpu, Shape.of(3, n, oh, ow), frames));
            System.arraycopy(part, 0, bytes, written * oh * ow * 3, part.length);
            written += n;
        }
        return new DecodedVideo(bytes, outT, oh, ow);
    }

    /// The tiles' own spans [from, to) along an axis of `size` latent pixels: `tile` wide, the last one shorter.
    static List<int[]> cores(int size, int tile) {
        List<int[]> out = new ArrayList<>();
        for (int from = 0; from < size; from += tile) out.add(new int[] {from, Math.min(size, from + tile)});
        return out;
    }

    /// latent[:, t0:t1, y0:y1, x0:x1] of a host [C, T, H, W] array.
    private static float[] crop(float[] v, int c, int t, int h, int w, int t0, int t1, int y0, int y1, int x0, int x1) {
        int nt = t1 - t0, nh = y1 - y0, nw = x1 - x0;
        float[] out = new float[c * nt * nh * nw];
        int o = 0;
        for (int ci = 0; ci < c; ci++) {
            for (int ti = t0; ti < t1; ti++) {
                for (int yi = y0; yi < y1; yi++) {
                    System.arraycopy(v, ((ci * t + ti) * h + yi) * w + x0, out, o, nw);
                    o += nw;
                }
            }
        }
        return out;
    }

    /// Copies the tile's own pixels of its kept frames [keep0, keep0 + n) from raw (decoded from latent rows y0.. and
    /// columns x0.., `rh`×`rw` latent pixels) into frames [3, n, oh, ow].
    private static void place(float[] frames, int n, int oh, int ow, float[] raw, int rawFrames, int keep0, int px, int[] y, int[] x,
                              int y0, int x0, int rh, int rw) {
        int th = rh * px, tw = rw * px, cols = (x[1] - x[0]) * px, colOff = (x[0] - x0) * px;
        for (int ch = 0; ch < 3; ch++) {
            for (int f = 0; f < n; f++) {
                for (int r = y[0] * px; r < y[1] * px; r++) {
                    int src = ((ch * rawFrames + keep0 + f) * th + (r - y0 * px)) * tw + colOff;
                    int dst = ((ch * n + f) * oh + r) * ow + x[0] * px;
                    System.arraycopy(raw, src, frames, dst, cols);
                }
            }
        }
    }
}
