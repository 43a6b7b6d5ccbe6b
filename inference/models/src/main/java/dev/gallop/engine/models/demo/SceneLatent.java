package dev.gallop.engine.models.demo;

/// The demo model's video latent space: each latent frame holds the scene of its four video frames as numbers (ADR
/// 0063). Latent frame 0 stands for video frame 0 alone (its four pose slots hold that frame), latent frame t ≥ 1 for
/// frames 4t − 3 … 4t, as in the reference's causal video VAEs.
///
/// Channels of one latent frame (raw, before the per-channel standardisation the DiT works in):
///
/// | channels | what |
/// |---|---|
/// | 5j … 5j + 4, j = 0…3 | frame j's centre x, y (0…1 of the width and the height), size (share of the shorter side), cos and sin of its rotation |
/// | 20 … 22 | the shape's colour (RGB 0…1) |
/// | 23 … 25 | the background's colour |
/// | 26 … 28 | circle, square, triangle: 1 for the shape shown, 0 for the others |
///
/// Every latent pixel of a frame carries the same numbers: the DiT's token grid follows the picture's aspect, and the
/// decoder reads the mean over the grid, so a request of any size decodes.
public final class SceneLatent {
    public static final int FRAMES = 4, POSE = 5, COLOR = FRAMES * POSE, BACKGROUND = COLOR + 3, SHAPE = BACKGROUND + 3;
    public static final int CHANNELS = SHAPE + ShapeField.SHAPES;
    /// How sharply the shape channels pick a shape: weights are softmax(SHARPNESS · value), so a clean latent (values
    /// 0 and 1) draws one shape and a denoising step's estimate draws the blend it is unsure between.
    static final double SHARPNESS = 12;

    private SceneLatent() {}

    /// The raw channels [CHANNELS] of one latent frame from the poses of its video frames (1 for latent frame 0, else
    /// 4) and the shape index.
    public static float[] encode(ScenePose[] frames) {
        if (frames.length != 1 && frames.length != FRAMES) throw new IllegalArgumentException("a latent frame holds 1 or 4 video frames, got " + frames.length);
        float[] z = new float[CHANNELS];
        for (int j = 0; j < FRAMES; j++) {
            ScenePose p = frames[Math.min(j, frames.length - 1)];
            z[POSE * j] = (float) p.x();
            z[POSE * j + 1] = (float) p.y();
            z[POSE * j + 2] = (float) p.size();
            z[POSE * j + 3] = (float) Math.cos(p.angle());
            z[POSE * j + 4] = (float) Math.sin(p.angle());
        }
        ScenePose first = frames[0];
        for (int c = 0; c < 3; c++) {
            z[COLOR + c] = (float) first.color()[c];
            z[BACKGROUND + c] = (float) first.background()[c];
            z[SHAPE + c] = (float) first.shapeWeights()[c];
        }
        return z;
    }

    /// Pose `j` (0…3) of a raw latent frame `z` read from `offset` with channel stride `stride`.
    public static ScenePose pose(float[] z, int offset, int stride, int j) {
        double[] w = new double[ShapeField.SHAPES];
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (int k = 0; k < w.length; k++) max = Math.max(max, finite(z[offset + (SHAPE + k) * stride]));
        for (int k = 0; k < w.length; k++) sum += w[k] = Math.exp(SHARPNESS * (finite(z[offset + (SHAPE + k) * stride]) - max));
        for (int k = 0; k < w.length; k++) w[k] /= sum;
        double[] fg = new double[3], bg = new double[3];
        for (int c = 0; c < 3; c++) {
            fg[c] = finite(z[offset + (COLOR + c) * stride]);
            bg[c] = finite(z[offset + (BACKGROUND + c) * stride]);
        }
        int b = POSE * j;
        double cos = finite(z[offset + (b + 3) * stride]), sin = finite(z[offset + (b + 4) * stride]);
        return new ScenePose(finite(z[offset + b * stride]), finite(z[offset + (b + 1) * stride]), finite(z[offset + (b + 2) * stride]),
                Math.atan2(sin, cos), w, fg, bg);
    }

    private static double finite(float v) { return Float.isFinite(v) ? v : 0; }
}
