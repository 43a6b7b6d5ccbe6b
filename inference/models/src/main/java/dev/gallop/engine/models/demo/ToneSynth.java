package dev.gallop.engine.models.demo;

/// The demo sound's synthesizer, shared by the clip generator and the demo audio decoder: a three-harmonic tone
/// whose pitch and loudness follow per-frame controls, plus a short 5 kHz click at the start of every frame whose
/// click control is on.
///
/// Controls, one row per 40 ms frame (`DemoFormat.HOP` samples at 16 kHz):
/// - pitch `p` in octaves above 220 Hz (clamped to [0, 2.5]);
/// - loudness `a` (clamped to [0, 1]);
/// - click `c`: the click's gain is clamp((c − 0.25)/0.5, 0, 1), so 0 is silent and anything from 0.75 is a full click.
///
/// Pitch and loudness are interpolated linearly between frame starts; the oscillator phase is accumulated in double
/// precision. Deterministic and plain Java (no vector path: 32 k samples per 2 s clip).
public final class ToneSynth {
    public static final int CONTROLS = 3;
    private static final double BASE_HZ = 220;
    private static final int CLICK_LENGTH = 400;

    private ToneSynth() {}

    /// `controls` [n, 3] → n·HOP mono samples.
    public static float[] synthesize(float[] controls, int n) {
        if (controls.length != n * CONTROLS) throw new IllegalArgumentException("tone controls of " + controls.length + " floats are not [" + n + ", 3]");
        int hop = DemoFormat.HOP, sr = DemoFormat.SAMPLE_RATE;
        float[] out = new float[n * hop];
        double phase = 0;
        for (int i = 0; i < n; i++) {
            int j = Math.min(i + 1, n - 1);
            double p0 = pitch(controls[i * 3]), p1 = pitch(controls[j * 3]);
            double a0 = loud(controls[i * 3 + 1]), a1 = loud(controls[j * 3 + 1]);
            for (int k = 0; k < hop; k++) {
                double u = k / (double) hop;
                double hz = BASE_HZ * Math.pow(2, p0 + (p1 - p0) * u);
                double a = a0 + (a1 - a0) * u;
                phase += 2 * Math.PI * hz / sr;
                if (phase > 2 * Math.PI) phase -= 2 * Math.PI;
                out[i * hop + k] = (float) (0.5 * a * (0.6 * Math.sin(phase) + 0.25 * Math.sin(2 * phase) + 0.1 * Math.sin(3 * phase)));
            }
            double click = clickGain(controls[i * 3 + 2]);
            if (click > 0) {
                for (int k = 0; k < CLICK_LENGTH && i * hop + k < out.length; k++) {
                    out[i * hop + k] += (float) (click * 0.6 * Math.exp(-k / 40.0) * Math.sin(2 * Math.PI * 5000.0 * k / sr));
                }
            }
        }
        return out;
    }

    static double pitch(float p) { return Math.clamp(p, 0.0, 2.5); }

    static double loud(float a) { return Math.clamp(a, 0.0, 1.0); }

    /// The click gain of a click control value.
    public static double clickGain(float c) { return Math.clamp((c - 0.25) / 0.5, 0.0, 1.0); }

    /// The pitch control of a height `y` (0 at the top of the frame, 1 at the bottom): 0 at the bottom, 2 octaves at the top.
    public static float pitchOfHeight(double y) { return (float) (2.0 * (1.0 - y)); }

    /// Frequency in Hz of a pitch control value.
    public static double hertz(double p) { return BASE_HZ * Math.pow(2, Math.clamp(p, 0.0, 2.5)); }
}
