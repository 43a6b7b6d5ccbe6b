package dev.gallop.app.media;

import dev.gallop.engine.pipeline.LatentClip;
import java.util.List;

/// A small linear map from a latent pixel's channels to a colour (3 × (C + 1) weights, the last column a bias), the
/// cheap "latent to RGB" preview: each latent pixel becomes one colour, and the picture is scaled up smoothly to the
/// clip's size, so a denoise step reads as a blurred picture rather than a grid of blocks. The map is fitted by least
/// squares (with a little ridge) to pairs of latents and what the model's own decoder makes of them, so it works for
/// any latent space without hand-made factors.
public record LatentRgbMap(int channels, double[] weights) {
    static final double RIDGE = 1e-3;

    public LatentRgbMap {
        if (weights.length != 3 * (channels + 1)) throw new IllegalArgumentException(weights.length + " weights do not fit " + channels + " channels");
    }

    /// Adds the samples of latent frame `t` of `c` and the picture its decoder made of it (`rgb`, `width`×`height`
    /// packed RGB): each latent pixel with the mean colour (0..1) of the pixels it covers.
    public static void samples(LatentClip c, int t, byte[] rgb, int width, int height, List<float[]> latents, List<float[]> colours) {
        int lh = c.height(), lw = c.width(), hw = lh * lw;
        for (int y = 0; y < lh; y++) {
            int y0 = y * height / lh, y1 = Math.max(y0 + 1, (y + 1) * height / lh);
            for (int x = 0; x < lw; x++) {
                int x0 = x * width / lw, x1 = Math.max(x0 + 1, (x + 1) * width / lw);
                double r = 0, g = 0, b = 0;
                for (int yy = y0; yy < y1; yy++) {
                    for (int xx = x0; xx < x1; xx++) {
                        int o = (yy * width + xx) * 3;
                        r += rgb[o] & 0xff;
                        g += rgb[o + 1] & 0xff;
                        b += rgb[o + 2] & 0xff;
                    }
                }
                double n = 255.0 * (y1 - y0) * (x1 - x0);
                float[] v = new float[c.channels()];
                for (int ch = 0; ch < v.length; ch++) v[ch] = c.video()[(ch * c.frames() + t) * hw + y * lw + x];
                latents.add(v);
                colours.add(new float[] {(float) (r / n), (float) (g / n), (float) (b / n)});
            }
        }
    }

    /// The least-squares map from `latents` (each `channels` long) to `colours` (each 3 long, 0..1).
    public static LatentRgbMap fit(int channels, List<float[]> latents, List<float[]> colours) {
        if (latents.size() != colours.size() || latents.isEmpty()) throw new IllegalArgumentException("no samples to fit a latent colour map to");
        int k = channels + 1;
        double[][] a = new double[k][k];
        double[][] b = new double[k][3];
        double[] x = new double[k];
        for (int s = 0; s < latents.size(); s++) {
            float[] l = latents.get(s);
            for (int i = 0; i < channels; i++) x[i] = l[i];
            x[channels] = 1;
            float[] col = colours.get(s);
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) a[i][j] += x[i] * x[j];
                for (int j = 0; j < 3; j++) b[i][j] += x[i] * col[j];
            }
        }
        double scale = 0;
        for (int i = 0; i < k; i++) scale = Math.max(scale, a[i][i]);
        for (int i = 0; i < channels; i++) a[i][i] += RIDGE * Math.max(scale, 1);
        double[][] w = solve(a, b);
        double[] out = new double[3 * k];
        for (int c = 0; c < 3; c++) for (int i = 0; i < k; i++) out[c * k + i] = w[i][c];
        return new LatentRgbMap(channels, out);
    }

    /// The colour (0..1, unclamped) of one latent pixel.
    public double[] colour(float[] latent) {
        int k = channels + 1;
        double[] out = new double[3];
        for (int c = 0; c < 3; c++) {
            double v = weights[c * k + channels];
            for (int i = 0; i < channels; i++) v += weights[c * k + i] * latent[i];
            out[c] = v;
        }
        return out;
    }

    /// Latent frame `t` of `c` as a `width`×`height` picture: each latent pixel mapped to a colour, then scaled up
    /// smoothly (bilinear). The clip must have this map's channel count.
    public ArgbImage picture(LatentClip c, int t, int width, int height) {
        if (c.channels() != channels) throw new IllegalArgumentException("a " + channels + "-channel map cannot show " + c.channels() + "-channel latents");
        int lh = c.height(), lw = c.width(), hw = lh * lw;
        float[][] rgb = new float[3][hw];
        float[] v = new float[channels];
        for (int i = 0; i < hw; i++) {
            for (int ch = 0; ch < channels; ch++) v[ch] = c.video()[(ch * c.frames() + t) * hw + i];
            double[] col = colour(v);
            for (int k = 0; k < 3; k++) rgb[k][i] = (float) col[k];
        }
        return smooth(rgb, lw, lh, width, height);
    }

    /// Three planes of 0..1 values at `w`×`h`, scaled bilinearly to `width`×`height`.
    static ArgbImage smooth(float[][] rgb, int w, int h, int width, int height) {
        int[] out = new int[width * height];
        for (int y = 0; y < height; y++) {
            float sy = Math.clamp((y + 0.5f) * h / height - 0.5f, 0, h - 1);
            int y0 = (int) sy, y1 = Math.min(y0 + 1, h - 1);
            float fy = sy - y0;
            for (int x = 0; x < width; x++) {
                float sx = Math.clamp((x + 0.5f) * w / width - 0.5f, 0, w - 1);
                int x0 = (int) sx, x1 = Math.min(x0 + 1, w - 1);
                float fx = sx - x0;
                int px = 0xff000000;
                for (int k = 0; k < 3; k++) {
                    float[] p = rgb[k];
                    float val = (p[y0 * w + x0] * (1 - fx) + p[y0 * w + x1] * fx) * (1 - fy) + (p[y1 * w + x0] * (1 - fx) + p[y1 * w + x1] * fx) * fy;
                    px |= Math.clamp(Math.round(val * 255), 0, 255) << (16 - 8 * k);
                }
                out[y * width + x] = px;
            }
        }
        return new ArgbImage(width, height, out);
    }

    /// Solves `a · w = b` (a symmetric positive definite after the ridge) by Gaussian elimination with pivoting.
    private static double[][] solve(double[][] a, double[][] b) {
        int n = a.length, m = b[0].length;
        double[][] A = new double[n][];
        double[][] B = new double[n][];
        for (int i = 0; i < n; i++) {
            A[i] = a[i].clone();
            B[i] = b[i].clone();
        }
        for (int col = 0; col < n; col++) {
            int piv = col;
            for (int r = col + 1; r < n; r++) if (Math.abs(A[r][col]) > Math.abs(A[piv][col])) piv = r;
            double[] t = A[col]; A[col] = A[piv]; A[piv] = t;
            t = B[col]; B[col] = B[piv]; B[piv] = t;
            double d = A[col][col];
            if (Math.abs(d) < 1e-12) continue;    // a direction the samples never moved in: its weight stays 0
            for (int r = 0; r < n; r++) {
                if (r == col) continue;
                double f = A[r][col] / d;
                if (f == 0) continue;
                for (int j = col; j < n; j++) A[r][j] -= f * A[col][j];
                for (int j = 0; j < m; j++) B[r][j] -= f * B[col][j];
            }
        }
        double[][] w = new double[n][m];
        for (int i = 0; i < n; i++) {
            if (Math.abs(A[i][i]) < 1e-12) continue;
            for (int j = 0; j < m; j++) w[i][j] = B[i][j] / A[i][i];
        }
        return w;
    }
}
