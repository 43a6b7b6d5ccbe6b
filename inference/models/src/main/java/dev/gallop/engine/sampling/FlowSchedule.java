package dev.gallop.engine.sampling;

/// The shifted flow-matching schedule shared by every MagiHuman sampler (docs/models/magihuman.md#flow-schedule).
///
/// For `N` steps and shift `s`:
/// 1. `sigma_max = (double)(float) 0.999` (upstream stores 0.999 as float32 and reads it back as a double);
/// 2. `u_k = sigma_max + k·((0 − sigma_max)/N)` for `k = 0…N−1`, in float64 (evenly spaced from sigma_max down to 0,
///    the final 0 dropped);
/// 3. `σ_k = (s·u_k) / (1 + (s − 1)·u_k)`, still float64;
/// 4. `timestep_k = trunc(1000·σ_k)` from the float64 value; `sigmas()` holds `(float) σ_k` followed by `σ_N = 0`.
///
/// Instances are immutable; accessors return copies.
public final class FlowSchedule {
    /// The shift used by every shipped MagiHuman config.
    public static final double DEFAULT_SHIFT = 5.0;
    /// float32(0.999) widened to double: 0.9990000128746033.
    public static final double SIGMA_MAX = (double) 0.999f;
    /// Number of training timesteps; timestep = trunc(1000·σ).
    public static final int TRAIN_TIMESTEPS = 1000;

    private final float[] sigmas;
    private final double[] sigmasF64;
    private final int[] timesteps;

    private FlowSchedule(float[] sigmas, double[] sigmasF64, int[] timesteps) {
        this.sigmas = sigmas;
        this.sigmasF64 = sigmasF64;
        this.timesteps = timesteps;
    }

    /// The schedule for `steps` steps with the given shift (5 in the model).
    public static FlowSchedule shifted(int steps, double shift) {
        if (steps < 1) throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        double step = (0.0 - SIGMA_MAX) / steps;
        float[] sig = new float[steps + 1];
        double[] sig64 = new double[steps + 1];
        int[] ts = new int[steps];
        for (int k = 0; k < steps; k++) {
            double u = k * step + SIGMA_MAX;
            double s = shift * u / (1.0 + (shift - 1.0) * u);
            sig64[k] = s;
            sig[k] = (float) s;
            ts[k] = (int) (s * TRAIN_TIMESTEPS);
        }
        sig[steps] = 0f;
        sig64[steps] = 0.0;
        return new FlowSchedule(sig, sig64, ts);
    }

    /// `shifted(steps, 5.0)`.
    public static FlowSchedule shifted(int steps) { return shifted(steps, DEFAULT_SHIFT); }

    /// The N+1 float32 sigmas; the last is 0.
    public float[] sigmas() { return sigmas.clone(); }

    /// Sigma `i` (0 ≤ i ≤ N) as float32.
    public float sigma(int i) { return sigmas[i]; }

    /// The N+1 sigmas before the float32 cast (last is 0).
    public double[] sigmasF64() { return sigmasF64.clone(); }

    /// The N integer timesteps.
    public int[] timesteps() { return timesteps.clone(); }

    /// Timestep of step `i`.
    public int timestep(int i) { return timesteps[i]; }

    /// Number of steps N.
    public int steps() { return timesteps.length; }
}
