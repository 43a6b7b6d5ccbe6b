package dev.gallop.engine.backend.cpu.sequence;

import java.util.ArrayList;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/// A complex FFT of one fixed length `n`, in single precision (float arithmetic, twiddles computed in double and
/// rounded once to float), on split re/im arrays.
///
/// Lengths whose prime factors are all ≤ [#MAX_DIRECT_PRIME] run a self-sorting (Stockham) mixed-radix
/// transform: radix 4 first, then 2, 3, 5, 7, … each as a direct small DFT. Other lengths use Bluestein's chirp-z
/// algorithm over a power-of-two transform.
///
/// Forward: `X[k] = Σ_j x[j]·e^(−2πi·jk/n)`; inverse: the same with `+`, unscaled. With `vector`, the butterflies of
/// a stage run on the Vector API over the stage's contiguous runs of at least one vector; they perform the scalar
/// form's operations in the same order without fused multiply-adds, so both forms give identical bits. Instances are
/// immutable and may be shared between threads.
public final class Fft {
    /// Largest prime handled as a direct radix; longer prime factors go through Bluestein.
    public static final int MAX_DIRECT_PRIME = 31;
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private final int n;
    private final int[] radices;      // empty for Bluestein
    private final float[] twRe, twIm; // e^(−2πi·k/n), k < n (mixed radix only)
    private final Bluestein bluestein;

    public Fft(int n) {
        if (n < 1) throw new IllegalArgumentException("FFT length must be >= 1, got " + n);
        this.n = n;
        List<Integer> f = factor(n);
        if (f.stream().anyMatch(p -> p > MAX_DIRECT_PRIME)) {
            radices = new int[0];
            twRe = twIm = null;
            bluestein = new Bluestein(n);
        } else {
            radices = f.stream().mapToInt(Integer::intValue).toArray();
            twRe = new float[n];
            twIm = new float[n];
            for (int k = 0; k < n; k++) {
                double a = -2.0 * Math.PI * k / n;
                twRe[k] = (float) Math.cos(a);
                twIm[k] = (float) Math.sin(a);
            }
            bluestein = null;
        }
    }

    public int length() { return n; }

    /// Whether this length runs through Bluestein's algorithm.
    public boolean usesBluestein() { return bluestein != null; }

    /// In-place forward transform of (re, im), each of length n.
    public void forward(float[] re, float[] im, boolean vector) {
        check(re, im);
        if (bluestein != null) bluestein.forward(re, im, vector);
        else stockham(re, im, vector);
    }

    /// In-place inverse transform (no 1/n scaling), via conj(FFT(conj(x))).
    public void inverse(float[] re, float[] im, boolean vector) {
        check(re, im);
        for (int k = 0; k < n; k++) im[k] = -im[k];
        forward(re, im, vector);
        for (int k = 0; k < n; k++) im[k] = -im[k];
    }

    private void check(float[] re, float[] im) {
        if (re.length != n || im.length != n) {
            throw new IllegalArgumentException("FFT of length " + n + " given arrays of " + re.length + " and " + im.length);
        }
    }

    /// Factors n as 4s first, then the remaining primes in increasing order.
    static List<Integer> factor(int n) {
        List<Integer> out = new ArrayList<>();
        int m = n;
        while (m % 4 == 0) { out.add(4); m /= 4; }
        for (int p = 2; (long) p * p <= m; p++) {
            while (m % p == 0) { out.add(p); m /= p; }
        }
        if (m > 1) out.add(m);
        return out;
    }

    // Stage invariant: with L = product of the radices done and S = n / L, a[q·S + s] holds the length-L DFT, at
    // frequency q, of the subsequence x[s], x[s + S], x[s + 2S], …. A radix-p stage (L' = L·p, S' = S/p) computes
    // b[(q + L·t)·S' + s'] = Σ_r W_p^(r·t) · W_(L')^(r·q) · a[q·S + r·S' + s'], for s' over a contiguous run of S'.
    private void stockham(float[] re, float[] im, boolean vector) {
        float[] aRe = re, aIm = im, bRe = new float[n], bIm = new float[n];
        int l = 1;
        for (int p : radices) {
            int s = n / l, s2 = s / p;
            boolean v = vector && s2 >= L;
            switch (p) {
                case 2 -> radix2(aRe, aIm, bRe, bIm, l, s, s2, v);
                case 4 -> radix4(aRe, aIm, bRe, bIm, l, s, s2, v);
                default -> radixP(aRe, aIm, bRe, bIm, l, s, s2, p, v);
            }
            float[] t = aRe; aRe = bRe; bRe = t;
            t = aIm; aIm = bIm; bIm = t;
            l *= p;
        }
        if (aRe != re) {
            System.arraycopy(aRe, 0, re, 0, n);
            System.arraycopy(aIm, 0, im, 0, n);
        }
    }

    private void radix2(float[] aRe, float[] aIm, float[] bRe, float[] bIm, int l, int s, int s2, boolean vector) {
        int half = l * s2;
        for (int q = 0; q < l; q++) {
            int tw = q * s2;
            float wr = twRe[tw], wi = twIm[tw];
            int in = q * s, out = q * s2, j = 0;
            if (vector) {
                for (; j < S.loopBound(s2); j += L) {
                    FloatVector x0r = FloatVector.fromArray(S, aRe, in + j), x0i = FloatVector.fromArray(S, aIm, in + j);
                    FloatVector yr = FloatVector.fromArray(S, aRe, in + s2 + j), yi = FloatVector.fromArray(S, aIm, in + s2 + j);
                    FloatVector x1r = yr.mul(wr).sub(yi.mul(wi)), x1i = yr.mul(wi).add(yi.mul(wr));
                    x0r.add(x1r).intoArray(bRe, out + j);
                    x0i.add(x1i).intoArray(bIm, out + j);
                    x0r.sub(x1r).intoArray(bRe, out + half + j);
                    x0i.sub(x1i).intoArray(bIm, out + half + j);
                }
            }
            for (; j < s2; j++) {
                float x0r = aRe[in + j], x0i = aIm[in + j];
                float yr = aRe[in + s2 + j], yi = aIm[in + s2 + j];
                float x1r = yr * wr - yi * wi, x1i = yr * wi + yi * wr;
                bRe[out + j] = x0r + x1r;
                bIm[out + j] = x0i + x1i;
                bRe[out + half + j] = x0r - x1r;
                bIm[out + half + j] = x0i - x1i;
            }
        }
    }

    private void radix4(float[] aRe, float[] aIm, float[] bRe, float[] bIm, int l, int s, int s2, boolean vector) {
        int stride = l * s2;
        for (int q = 0; q < l; q++) {
            int t1 = q * s2, t2 = 2 * t1, t3 = 3 * t1;
            float w1r = twRe[t1], w1i = twIm[t1], w2r = twRe[t2], w2i = twIm[t2], w3r = twRe[t3], w3i = twIm[t3];
            int in = q * s, out = q * s2, j = 0;
            if (vector) {
                for (; j < S.loopBound(s2); j += L) {
                    int i0 = in + j;
                    FloatVector a0r = FloatVector.fromArray(S, aRe, i0), a0i = FloatVector.fromArray(S, aIm, i0);
                    FloatVector yr = FloatVector.fromArray(S, aRe, i0 + s2), yi = FloatVector.fromArray(S, aIm, i0 + s2);
                    FloatVector a1r = yr.mul(w1r).sub(yi.mul(w1i)), a1i = yr.mul(w1i).add(yi.mul(w1r));
                    yr = FloatVector.fromArray(S, aRe, i0 + 2 * s2);
                    yi = FloatVector.fromArray(S, aIm, i0 + 2 * s2);
                    FloatVector a2r = yr.mul(w2r).sub(yi.mul(w2i)), a2i = yr.mul(w2i).add(yi.mul(w2r));
                    yr = FloatVector.fromArray(S, aRe, i0 + 3 * s2);
                    yi = FloatVector.fromArray(S, aIm, i0 + 3 * s2);
                    FloatVector a3r = yr.mul(w3r).sub(yi.mul(w3i)), a3i = yr.mul(w3i).add(yi.mul(w3r));
                    FloatVector s02r = a0r.add(a2r), s02i = a0i.add(a2i), d02r = a0r.sub(a2r), d02i = a0i.sub(a2i);
                    FloatVector s13r = a1r.add(a3r), s13i = a1i.add(a3i), d13r = a1r.sub(a3r), d13i = a1i.sub(a3i);
                    int o = out + j;
                    s02r.add(s13r).intoArray(bRe, o);
                    s02i.add(s13i).intoArray(bIm, o);
                    d02r.add(d13i).intoArray(bRe, o + stride);
                    d02i.sub(d13r).intoArray(bIm, o + stride);
                    s02r.sub(s13r).intoArray(bRe, o + 2 * stride);
                    s02i.sub(s13i).intoArray(bIm, o + 2 * stride);
                    d02r.sub(d13i).intoArray(bRe, o + 3 * stride);
                    d02i.add(d13r).intoArray(bIm, o + 3 * stride);
                }
            }
            for (; j < s2; j++) {
                int i0 = in + j;
                float a0r = aRe[i0], a0i = aIm[i0];
                float yr = aRe[i0 + s2], yi = aIm[i0 + s2];
                float a1r = yr * w1r - yi * w1i, a1i = yr * w1i + yi * w1r;
                yr = aRe[i0 + 2 * s2]; yi = aIm[i0 + 2 * s2];
                float a2r = yr * w2r - yi * w2i, a2i = yr * w2i + yi * w2r;
                yr = aRe[i0 + 3 * s2]; yi = aIm[i0 + 3 * s2];
                float a3r = yr * w3r - yi * w3i, a3i = yr * w3i + yi * w3r;
                float s02r = a0r + a2r, s02i = a0i + a2i, d02r = a0r - a2r, d02i = a0i - a2i;
                float s13r = a1r + a3r, s13i = a1i + a3i, d13r = a1r - a3r, d13i = a1i - a3i;
                int o = out + j;
                bRe[o] = s02r + s13r;
                bIm[o] = s02i + s13i;
                // t = 1: d02 − i·d13
                bRe[o + stride] = d02r + d13i;
                bIm[o + stride] = d02i - d13r;
                bRe[o + 2 * stride] = s02r - s13r;
                bIm[o + 2 * stride] = s02i - s13i;
                // t = 3: d02 + i·d13
                bRe[o + 3 * stride] = d02r - d13i;
                bIm[o + 3 * stride] = d02i + d13r;
            }
        }
    }

    private void radixP(float[] aRe, float[] aIm, float[] bRe, float[] bIm, int l, int s, int s2, int p, boolean vector) {
        int stride = l * s2, rot = n / p; // W_p^m = tw[m·n/p]
        float[] xr = new float[p], xi = new float[p], vr = vector ? new float[p * L] : null, vi = vector ? new float[p * L] : null;
        int[] tw = new int[p];
        for (int q = 0; q < l; q++) {
            int in = q * s, out = q * s2, j = 0;
            for (int r = 0; r < p; r++) tw[r] = (int) ((long) r * q * s2 % n);
            if (vector) {
                for (; j < S.loopBound(s2); j += L) {
                    for (int r = 0; r < p; r++) {
                        FloatVector yr = FloatVector.fromArray(S, aRe, in + r * s2 + j), yi = FloatVector.fromArray(S, aIm, in + r * s2 + j);
                        float wr = twRe[tw[r]], wi = twIm[tw[r]];
                        yr.mul(wr).sub(yi.mul(wi)).intoArray(vr, r * L);
                        yr.mul(wi).add(yi.mul(wr)).intoArray(vi, r * L);
                    }
                    for (int t = 0; t < p; t++) {
                        FloatVector accR = FloatVector.fromArray(S, vr, 0), accI = FloatVector.fromArray(S, vi, 0);
                        for (int r = 1; r < p; r++) {
                            int m = (r * t) % p * rot;
                            FloatVector yr = FloatVector.fromArray(S, vr, r * L), yi = FloatVector.fromArray(S, vi, r * L);
                            accR = accR.add(yr.mul(twRe[m]).sub(yi.mul(twIm[m])));
                            accI = accI.add(yr.mul(twIm[m]).add(yi.mul(twRe[m])));
                        }
                        accR.intoArray(bRe, out + t * stride + j);
                        accI.intoArray(bIm, out + t * stride + j);
                    }
                }
            }
            for (; j < s2; j++) {
                for (int r = 0; r < p; r++) {
                    float yr = aRe[in + r * s2 + j], yi = aIm[in + r * s2 + j];
                    xr[r] = yr * twRe[tw[r]] - yi * twIm[tw[r]];
                    xi[r] = yr * twIm[tw[r]] + yi * twRe[tw[r]];
                }
                for (int t = 0; t < p; t++) {
                    float accR = xr[0], accI = xi[0];
                    for (int r = 1; r < p; r++) {
                        int m = (r * t) % p * rot;
                        accR += xr[r] * twRe[m] - xi[r] * twIm[m];
                        accI += xr[r] * twIm[m] + xi[r] * twRe[m];
                    }
                    bRe[out + t * stride + j] = accR;
                    bIm[out + t * stride + j] = accI;
                }
            }
        }
    }

    /// Bluestein: X[k] = c[k]·Σ_j (x[j]·c[j])·conj(c[k − j]) with the chirp c[k] = e^(−πi·k²/n), the sum a circular
    /// convolution of power-of-two length m ≥ 2n − 1.
    private static final class Bluestein {
        final int n, m;
        final Fft inner;
        final float[] cRe, cIm, bRe, bIm; // chirp; FFT of conj chirp (scaled by 1/m)

        Bluestein(int n) {
            this.n = n;
            int mm = 1;
            while (mm < 2 * n - 1) mm <<= 1;
            m = mm;
            inner = new Fft(m);
            cRe = new float[n];
            cIm = new float[n];
            for (int k = 0; k < n; k++) {
                long k2 = (long) k * k % (2L * n);
                double a = -Math.PI * k2 / n;
                cRe[k] = (float) Math.cos(a);
                cIm[k] = (float) Math.sin(a);
            }
            bRe = new float[m];
            bIm = new float[m];
            for (int k = 0; k < n; k++) {
                bRe[k] = cRe[k];
                bIm[k] = -cIm[k];
                if (k > 0) {
                    bRe[m - k] = cRe[k];
                    bIm[m - k] = -cIm[k];
                }
            }
            inner.forward(bRe, bIm, false);
            float inv = 1f / m;
            for (int k = 0; k < m; k++) {
                bRe[k] *= inv;
                bIm[k] *= inv;
            }
        }

        void forward(float[] re, float[] im, boolean vector) {
            float[] ar = new float[m], ai = new float[m];
            for (int k = 0; k < n; k++) {
                ar[k] = re[k] * cRe[k] - im[k] * cIm[k];
                ai[k] = re[k] * cIm[k] + im[k] * cRe[k];
            }
            inner.forward(ar, ai, vector);
            for (int k = 0; k < m; k++) {
                float r = ar[k] * bRe[k] - ai[k] * bIm[k];
                ai[k] = ar[k] * bIm[k] + ai[k] * bRe[k];
                ar[k] = r;
            }
            inner.inverse(ar, ai, vector);
            for (int k = 0; k < n; k++) {
                re[k] = ar[k] * cRe[k] - ai[k] * cIm[k];
                im[k] = ar[k] * cIm[k] + ai[k] * cRe[k];
            }
        }
    }
}
