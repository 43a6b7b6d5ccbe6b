package dev.gallop.engine.models.vae;

import dev.gallop.engine.models.vae.ops.ChannelNorm;
import dev.gallop.engine.models.vae.ops.Conv3d;
import dev.gallop.engine.backend.ConvPadding;
import dev.gallop.engine.models.vae.ops.SpatialAttention;
import dev.gallop.engine.models.vae.ops.Volume;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.tensor.Shape;

/// Wan's middle AttentionBlock, [C, T, H, W] → same: x + proj(attention(to_qkv(RMS_norm(x)))), single head over the
/// H·W positions of each frame, scale 1/√C.
final class WanAttention {
    private final float[] gamma;
    private final Conv3d toQkv, proj;

    WanAttention(Weights w, int c) {
        ConvPadding none = ConvPadding.causal(1, 1, 1);
        gamma = w.at("norm").floats("gamma", Shape.of(c, 1, 1));
        toQkv = ConvLoader.conv2d(w.at("to_qkv"), 3 * c, c, 1, 1, none);
        proj = ConvLoader.conv2d(w.at("proj"), c, c, 1, 1, none);
    }

    Volume forward(Volume x) {
        Volume qkv = toQkv.forward(ChannelNorm.l2(x, gamma));         // [3C, T, H, W]
        return proj.forward(SpatialAttention.forward(qkv)).plus(x);   // [C, T, H, W]
    }
}
