package dev.gallop.engine.models.audio;

import dev.gallop.engine.nn.Weights;

/// Oobleck residual unit at width C and dilation d: `y = x + conv1(snake(conv7_d(snake(x))))`, where conv7_d has
/// kernel 7, dilation d, padding 3d and conv1 kernel 1. Weight keys: `layers.0` snake, `layers.1` conv7,
/// `layers.2` snake, `layers.3` conv1.
final class ResidualUnit {
    private final SnakeBeta snake1, snake2;
    private final Conv1d conv7, conv1;

    ResidualUnit(Weights w, int c, int dilation) {
        Weights l = w.at("layers");
        snake1 = SnakeBeta.load(l.at(0), c);
        conv7 = new Conv1d(WeightNorm.load(l.at(1), c, c, 7), l.at(1).floats("bias", dev.gallop.engine.tensor.Shape.of(c)),
                c, c, 7, dilation, 3 * dilation, 1);
        snake2 = SnakeBeta.load(l.at(2), c);
        conv1 = new Conv1d(WeightNorm.load(l.at(3), c, c, 1), l.at(3).floats("bias", dev.gallop.engine.tensor.Shape.of(c)),
                c, c, 1, 1, 0, 1);
    }

    /// `x [t, C]` → `[t, C]`.
    float[] forward(float[] x, int t, boolean vector) {
        float[] h = vector ? snake1.apply(x) : snake1.applyScalar(x);
        h = vector ? conv7.forward(h, t) : conv7.forwardScalar(h, t);
        h = vector ? snake2.apply(h) : snake2.applyScalar(h);
        h = vector ? conv1.forward(h, t) : conv1.forwardScalar(h, t);
        for (int i = 0; i < h.length; i++) h[i] += x[i];
        return h;
    }
}
