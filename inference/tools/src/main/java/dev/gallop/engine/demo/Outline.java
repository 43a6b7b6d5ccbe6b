package dev.gallop.engine.demo;

/// The outline of a shape mask as a radius function r(θ) around its centroid, and the relative strength and phase of
/// its 3rd and 4th angular harmonics: a circle has neither, an equilateral triangle a strong 3rd, a square a strong
/// 4th, whatever their rotation and even with rounded (blurred) corners. The phase divided by the harmonic's order
/// is the shape's orientation.
///
/// r(θ) is the farthest mask pixel (centre) in each of 72 angle bins; empty bins are filled by circular linear
/// interpolation. Harmonic k: c_k = mean_b r_b·e^(−ikθ_b); strength 2|c_k| / mean r.
public record Outline(double h3, double h4, double phase3, double phase4) {
    static final int BINS = 72;

    public static Outline of(boolean[] mask, int w, double cx, double cy) {
        double[] r = new double[BINS];
        java.util.Arrays.fill(r, -1);
        for (int i = 0; i < mask.length; i++) {
            if (!mask[i]) continue;
            double dx = i % w + 0.5 - cx, dy = i / w + 0.5 - cy;
            int b = Math.floorMod((int) Math.floor((Math.atan2(dy, dx) + Math.PI) / (2 * Math.PI) * BINS), BINS);
            r[b] = Math.max(r[b], Math.hypot(dx, dy));
        }
        fill(r);
        double mean = 0;
        for (double v : r) mean += v;
        mean /= BINS;
        double[] h = new double[5], ph = new double[5];
        for (int k = 3; k <= 4; k++) {
            double re = 0, im = 0;
            for (int b = 0; b < BINS; b++) {
                double th = (b + 0.5) / BINS * 2 * Math.PI - Math.PI;
                re += r[b] * Math.cos(k * th);
                im -= r[b] * Math.sin(k * th);
            }
            h[k] = mean > 0 ? 2 * Math.hypot(re, im) / BINS / mean : 0;
            ph[k] = Math.atan2(im, re);
        }
        return new Outline(h[3], h[4], ph[3], ph[4]);
    }

    /// Fills the −1 entries by linear interpolation between their known circular neighbours (all 0 if none known).
    private static void fill(double[] r) {
        int n = r.length, first = -1;
        for (int i = 0; i < n; i++) if (r[i] >= 0) { first = i; break; }
        if (first < 0) {
            java.util.Arrays.fill(r, 0);
            return;
        }
        int prev = first;
        for (int step = 1; step <= n; step++) {
            int i = (first + step) % n;
            if (r[i] < 0) continue;
            int gap = Math.floorMod(i - prev, n);
            if (gap == 0) gap = n;
            for (int j = 1; j < gap; j++) r[(prev + j) % n] = r[prev] + (r[i] - r[prev]) * j / gap;
            prev = i;
        }
    }
}
