package dev.gallop.engine.models.vae;

import dev.gallop.engine.models.vae.ops.Conv3d;
import dev.gallop.engine.backend.ConvPadding;
import dev.gallop.engine.models.vae.ops.Rearrange;
import dev.gallop.engine.models.vae.ops.Volume;
import dev.gallop.engine.nn.Weights;

/// Turbo-VAED upsampler at width C (`upsamplers.0`). With time: a (3,1,1) conv C → 2C (edge frames repeated), its
/// channel halves become frames 2t and 2t + 1, and a first chunk drops frame 0: [C, T] → [C, 2T or 2T − 1].
/// Then, per frame, nearest ×2 and a 3×3 conv (zero pad 1): [C, T', H, W] → [C, T', 2H, 2W].
final class TurboUpsampler {
    private final Conv3d timeConv;   // null for a spatial-only upsampler
    private final Conv3d spatialConv;

    TurboUpsampler(Weights w, int c, boolean time) {
        this.timeConv = time ? ConvLoader.conv3d(w.at("time_conv.conv"), 2 * c, c, 3, 1, 1, ConvPadding.replicateTime(3, 1, 1)) : null;
        this.spatialConv = ConvLoader.conv2d(w.at("resample.1"), c, c, 3, 3, ConvPadding.replicateTime(1, 3, 3));
    }

    Volume forward(Volume x, boolean firstChunk) {
        if (timeConv != null) x = Rearrange.channelsToFrames(timeConv.forward(x), firstChunk);   // [C, 2T(−1), H, W]
        return spatialConv.forward(Rearrange.nearest2x(x));                                      // [C, T', 2H, 2W]
    }
}
