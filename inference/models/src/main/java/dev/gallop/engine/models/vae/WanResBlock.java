package dev.gallop.engine.models.vae;

import dev.gallop.engine.models.vae.ops.Activations;
import dev.gallop.engine.models.vae.ops.ChannelNorm;
import dev.gallop.engine.models.vae.ops.Conv3d;
import dev.gallop.engine.backend.ConvPadding;
import dev.gallop.engine.models.vae.ops.Volume;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.tensor.Shape;

/// Wan's ResidualBlock, [Cin, T, H, W] → [Cout, T, H, W]: `residual` = RMS_norm(γ₀) → SiLU → causal conv 3×3×3 →
/// RMS_norm(γ₃) → SiLU → causal conv 3×3×3 (state-dict indices 0, 2, 3, 6), plus the input or a 1×1×1 `shortcut`
/// when the width changes.
final class WanResBlock {
    private final float[] gamma0, gamma3;
    private final Conv3d conv2, conv6, shortcut;

    WanResBlock(Weights w, int cin, int cout) {
        ConvPadding causal = ConvPadding.causal(3, 3, 3);
        Weights r = w.at("residual");
        gamma0 = r.at(0).floats("gamma", Shape.of(cin, 1, 1, 1));
        conv2 = ConvLoader.conv3d(r.at(2), cout, cin, 3, 3, 3, causal);
        gamma3 = r.at(3).floats("gamma", Shape.of(cout, 1, 1, 1));
        conv6 = ConvLoader.conv3d(r.at(6), cout, cout, 3, 3, 3, causal);
        shortcut = cin == cout ? null : ConvLoader.conv3d(w.at("shortcut"), cout, cin, 1, 1, 1, ConvPadding.causal(1, 1, 1));
    }

    Volume forward(Volume x) {
        Volume h = conv2.forward(Activations.silu(ChannelNorm.l2(x, gamma0)));
        h = conv6.forward(Activations.silu(ChannelNorm.l2(h, gamma3)));
        return h.plus(shortcut == null ? x : shortcut.forward(x));
    }
}
