package dev.gallop.engine.models.vae;

import dev.gallop.engine.models.vae.ops.Conv3d;
import dev.gallop.engine.backend.ConvPadding;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.tensor.Shape;

/// Reads `weight` and `bias` of a conv scope into a [Conv3d]; the weight's rank (5 for Conv3d, 4 for a per-frame
/// Conv2d) is given by the checkpoint layout, the kernel sizes by the caller.
final class ConvLoader {
    private ConvLoader() {}

    /// A 3-D conv: weight [cout, cin, kt, kh, kw].
    static Conv3d conv3d(Weights w, int cout, int cin, int kt, int kh, int kw, ConvPadding pad) {
        float[] weight = w.floats("weight", Shape.of(cout, cin, kt, kh, kw));
        float[] bias = w.floats("bias", Shape.of(cout));
        return new Conv3d(weight, bias, cout, cin, kt, kh, kw, pad);
    }

    /// A 2-D conv applied to every frame: weight [cout, cin, kh, kw].
    static Conv3d conv2d(Weights w, int cout, int cin, int kh, int kw, ConvPadding pad) {
        float[] weight = w.floats("weight", Shape.of(cout, cin, kh, kw));
        float[] bias = w.floats("bias", Shape.of(cout));
        return new Conv3d(weight, bias, cout, cin, 1, kh, kw, pad);
    }

    /// The output channel count stored for `weight` in this scope (for checking a config against a checkpoint).
    static int outChannels(Weights w) {
        return w.info("weight").shape().dim(0);
    }
}
