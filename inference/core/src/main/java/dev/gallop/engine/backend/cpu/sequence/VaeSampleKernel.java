package dev.gallop.engine.backend.cpu.sequence;


/// [dev.gallop.engine.backend.SequenceKernels#vaeSample] on CPU tensors: out = ε·(softplus(scale) + 1e-4) + mean in
/// float32, softplus as `(float) log1p(exp(s))` below torch's threshold 20. One form serves as both the vector form
/// and the scalar twin: the operation is a few thousand transcendental evaluations per latent (64 channels a frame),
/// and a vector softplus would trade the reference's bits for nothing measurable.
public final class VaeSampleKernel {
    private VaeSampleKernel() {}

    public static void run(F32Array out, F32Array moments, F32Array noise, int channels) {
        float[] mo = moments.floats(), eps = noise.floats(), res = new float[eps.length];
        int rows = eps.length / channels;
        for (int t = 0; t < rows; t++) {
            int m = t * 2 * channels, o = t * channels;
            for (int c = 0; c < channels; c++) {
                float s = mo[m + channels + c];
                float sd = softplus(s) + 1e-4f;
                res[o + c] = eps[o + c] * sd + mo[m + c];
            }
        }
        out.write(0, res, 0, res.length);
    }

    /// torch's softplus (beta 1, threshold 20) in float32.
    static float softplus(float s) { return s > 20f ? s : (float) Math.log1p(Math.exp(s)); }
}
