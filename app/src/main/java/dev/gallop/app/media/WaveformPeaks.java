package dev.gallop.app.media;

/// A waveform drawn as one vertical line per pixel column: the lowest and highest sample value in each column's
/// slice of the sound (all channels together). Values are in the sound's own scale (nominally −1..1).
public record WaveformPeaks(float[] min, float[] max) {
    public WaveformPeaks {
        if (min.length != max.length) throw new IllegalArgumentException("min and max have different lengths");
    }

    public int columns() { return min.length; }

    /// Peaks of sample frames [from, to) of interleaved `samples` over `columns` columns. A column narrower than a
    /// sample takes the sample under its centre; frames past the end of the sound count as silence.
    public static WaveformPeaks of(float[] samples, int channels, long from, long to, int columns) {
        if (columns < 1) throw new IllegalArgumentException("a waveform needs at least one column, got " + columns);
        if (channels < 1 || to < from || from < 0) throw new IllegalArgumentException("bad sample range [" + from + ", " + to + ") of " + channels + " channels");
        long frames = samples.length / channels;
        float[] lo = new float[columns], hi = new float[columns];
        double per = (to - from) / (double) columns;
        for (int c = 0; c < columns; c++) {
            long a = from + (long) Math.floor(c * per), b = from + (long) Math.floor((c + 1) * per);
            if (b <= a) a = b = from + (long) Math.floor((c + 0.5) * per);
            float mn = Float.MAX_VALUE, mx = -Float.MAX_VALUE;
            for (long i = a; i <= Math.max(a, b - 1); i++) {
                for (int k = 0; k < channels; k++) {
                    float v = i < frames ? samples[(int) (i * channels + k)] : 0f;
                    mn = Math.min(mn, v);
                    mx = Math.max(mx, v);
                }
            }
            lo[c] = mn;
            hi[c] = mx;
        }
        return new WaveformPeaks(lo, hi);
    }

    /// Peaks of a whole mono signal (a step's audio envelope).
    public static WaveformPeaks of(float[] mono, int columns) { return of(mono, 1, 0, mono.length, columns); }
}
