package dev.gallop.engine.models.vae;

import dev.gallop.engine.backend.ConvPadding;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.tensor.Shape;

/// Reads `weight` and `bias` of a conv scope into a [ConvLayer] (F32 tensors of their own on the device: the VAEs
/// close their checkpoint after loading); the weight's rank (5 for Conv3d, 4 for a per-frame Conv2d) is given by the
/// checkpoint layout, the kernel sizes by the caller.
final class ConvLoader {
    private ConvLoader() {}

    /// A 3-D conv: weight [cout, cin, kt, kh, kw].
    static ConvLayer conv3d(Weights w, int cout, int cin, int kt, int kh, int kw, ConvPadding pad) {
        return new ConvLayer(w.owned("weight", Shape.of(cout, cin, kt, kh, kw)), w.owned("bias", Shape.of(cout)), pad);
    }

    /// A 2-D conv applied to every frame: weight [cout, cin, kh, kw], run as a conv with kt = 1.
    static ConvLayer conv2d(Weights w, int cout, int cin, int kh, int kw, ConvPadding pad) {
        return new ConvLayer(w.owned("weight", Shape.of(cout, cin, kh, kw)).reshape(cout, cin, 1, kh, kw), w.owned("bias", Shape.of(cout)), pad);
    }
}
