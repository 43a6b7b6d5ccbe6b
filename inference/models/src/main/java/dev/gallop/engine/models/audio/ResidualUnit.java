package dev.gallop.engine.models.audio;

import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.nn.Weights;

/// Oobleck residual unit at width C and dilation d: `y = x + conv1(snake(conv7_d(snake(x))))`, where conv7_d has
/// kernel 7, dilation d, padding 3d and conv1 kernel 1 (docs/models/vaes.md#oobleck-encoder; ref: stable-audio-tools
/// `autoencoders.py`, `ResidualUnit`).
/// Weight keys: `layers.0` snake, `layers.1` conv7, `layers.2` snake, `layers.3` conv1.
final class ResidualUnit {
    private final SnakeBeta snake1, snake2;
    private final Conv1d conv7, conv1;

    ResidualUnit(Weights w, int c, int dilation) {
        Weights l = w.at("layers");
        snake1 = SnakeBeta.load(l.at(0), c);
        conv7 = Conv1d.weightNormed(l.at(1), c, c, 7, dilation, 3 * dilation, 1, true);
        snake2 = SnakeBeta.load(l.at(2), c);
        conv1 = Conv1d.weightNormed(l.at(3), c, c, 1, 1, 0, 1, true);
    }

    /// x [t, C] → a new [t, C] (two buffers of x's size: the second snake and the 1×1 convolution reuse them).
    Tensor forward(Kernels k, Tensor x) {
        Tensor a = snake1.forward(k, x);
        Tensor b = conv7.forward(k, a);
        snake2.forward(k, b, a);
        conv1.forward(k, a, b);
        k.add(b, x);
        return b;
    }
}
