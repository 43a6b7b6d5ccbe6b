package dev.gallop.engine.demo;

import dev.gallop.engine.models.demo.DemoFormat;
import dev.gallop.engine.pipeline.DecodedAudio;
import java.util.ArrayList;
import java.util.List;

/// Reads back from a demo clip's sound (16 kHz mono) the frames with a click and the tone's pitch over time.
///
/// Clicks: the largest second difference |x[j] − 2x[j−1] + x[j−2]| in each 40 ms frame (it passes the 5 kHz click
/// with gain ≈ 2.8 and the tone's harmonics, all under 2.7 kHz, with gain ≤ 1) above 0.25; neighbouring click frames
/// count once. Pitch: the strongest frequency between 200 and 1200 Hz (quarter-semitone grid, Hann window, Goertzel) of
/// each frame, in octaves above 220 Hz.
public final class SoundAnalysis {
    private static final double CLICK_LEVEL = 0.25;

    /// @param clicks frames (25 per second) where a click starts
    /// @param pitch  per frame, octaves above 220 Hz (NaN for a silent frame)
    public record Reading(List<Integer> clicks, double[] pitch) {
        /// Median pitch of the last `k` frames minus that of the first `k` (octaves); NaN when silent.
        public double trend(int k) {
            int n = pitch.length;
            k = Math.min(k, n / 2);
            return median(pitch, n - k, n) - median(pitch, 0, k);
        }
    }

    private SoundAnalysis() {}

    public static Reading read(DecodedAudio a) {
        if (a.channels() != 1 || a.sampleRate() != DemoFormat.SAMPLE_RATE) {
            throw new IllegalArgumentException("the demo sound analysis takes 16 kHz mono, got " + a.channels() + " channels at " + a.sampleRate() + " Hz");
        }
        float[] x = a.samples();
        int hop = DemoFormat.HOP, frames = x.length / hop;
        List<Integer> clicks = new ArrayList<>();
        double[] pitch = new double[frames];
        int last = -10;
        for (int i = 0; i < frames; i++) {
            double peak = 0;
            for (int j = Math.max(2, i * hop); j < (i + 1) * hop; j++) peak = Math.max(peak, Math.abs(x[j] - 2 * x[j - 1] + x[j - 2]));
            if (peak > CLICK_LEVEL) {
                if (i - last > 1) clicks.add(i);
                last = i;
            }
            pitch[i] = pitch(x, i * hop, hop);
        }
        return new Reading(List.copyOf(clicks), pitch);
    }

    /// Strongest frequency of x[from, from + len) between 200 and 1200 Hz, in octaves above 220 Hz (Goertzel on the
    /// Hann-windowed frame); NaN if silent.
    static double pitch(float[] x, int from, int len) {
        double[] y = new double[len];
        double energy = 0;
        for (int j = 0; j < len; j++) {
            y[j] = (0.5 - 0.5 * Math.cos(2 * Math.PI * j / (len - 1))) * x[from + j];
            energy += x[from + j] * x[from + j];
        }
        if (energy / len < 1e-6) return Double.NaN;
        double best = -1, bestOct = Double.NaN;
        for (int q = (int) Math.floor(48 * Math.log(200 / 220.0) / Math.log(2)); q <= (int) Math.ceil(48 * Math.log(1200 / 220.0) / Math.log(2)); q++) {
            double oct = q / 48.0, coeff = 2 * Math.cos(2 * Math.PI * 220 * Math.pow(2, oct) / DemoFormat.SAMPLE_RATE), s1 = 0, s2 = 0;
            for (int j = 0; j < len; j++) {
                double s0 = y[j] + coeff * s1 - s2;
                s2 = s1;
                s1 = s0;
            }
            double m = s1 * s1 + s2 * s2 - coeff * s1 * s2;
            if (m > best) {
                best = m;
                bestOct = oct;
            }
        }
        return bestOct;
    }

    private static double median(double[] v, int from, int to) {
        double[] s = java.util.Arrays.stream(v, from, to).filter(d -> !Double.isNaN(d)).sorted().toArray();
        return s.length == 0 ? Double.NaN : s[s.length / 2];
    }
}
