package dev.gallop.app.queue;

import java.util.function.LongSupplier;

/// Measures denoising steps and extrapolates the time left: the mean of the measured step intervals times the steps
/// still to run. The first step is timed from the start of denoising (it includes warm-up), so once two steps are
/// done only the step-to-step intervals count.
final class StepTimer {
    private final LongSupplier nanos;
    private long start = -1, firstStep = -1, lastStep = -1;
    private int stepsDone;

    StepTimer(LongSupplier nanos) { this.nanos = nanos; }

    /// Denoising begins now.
    void started() {
        start = nanos.getAsLong();
        firstStep = lastStep = -1;
        stepsDone = 0;
    }

    /// Step `index` (1-based) finished now.
    void step(int index) {
        long now = nanos.getAsLong();
        if (start < 0) start = now;
        if (firstStep < 0) firstStep = now;
        lastStep = now;
        stepsDone = index;
    }

    /// Mean seconds per step so far, or NaN before the first step.
    double secondsPerStep() {
        if (lastStep < 0) return Double.NaN;
        if (stepsDone >= 2 && lastStep > firstStep) return (lastStep - firstStep) / 1e9 / (stepsDone - 1);
        return (lastStep - start) / 1e9 / Math.max(1, stepsDone);
    }

    /// Seconds until the last of `total` steps, or NaN when nothing is measured yet.
    double secondsLeft(int total) {
        double per = secondsPerStep();
        return Double.isNaN(per) ? Double.NaN : per * Math.max(0, total - stepsDone);
    }

    /// "1:05" style text for a duration in seconds; "" for NaN.
    static String clock(double seconds) {
        if (Double.isNaN(seconds)) return "";
        long s = Math.round(Math.max(0, seconds));
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
    }
}
