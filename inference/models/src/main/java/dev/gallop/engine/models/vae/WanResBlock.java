package dev.gallop.engine.models.vae;

import static dev.gallop.engine.models.vae.VolumeSteps.l2Norm;
import static dev.gallop.engine.models.vae.VolumeSteps.silu;

import dev.gallop.engine.backend.ConvPadding;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.tensor.Shape;

/// Wan's ResidualBlock, [Cin, T, H, W] → [Cout, T, H, W]: `residual` = RMS_norm(γ₀) → SiLU → causal conv 3×3×3 →
/// RMS_norm(γ₃) → SiLU → causal conv 3×3×3 (state-dict indices 0, 2, 3, 6), plus the input or a 1×1×1 `shortcut`
/// when the width changes (ref: daVinci-MagiHuman inference/model/vae2_2/vae2_2_module.py).
final class WanResBlock {
    private final Tensor gamma0, gamma3;
    private final ConvLayer conv2, conv6, shortcut;

    WanResBlock(Weights w, int cin, int cout) {
        ConvPadding causal = ConvPadding.causal(3, 3, 3);
        Weights r = w.at("residual");
        gamma0 = r.at(0).owned("gamma", Shape.of(cin, 1, 1, 1));
        conv2 = ConvLoader.conv3d(r.at(2), cout, cin, 3, 3, 3, causal);
        gamma3 = r.at(3).owned("gamma", Shape.of(cout, 1, 1, 1));
        conv6 = ConvLoader.conv3d(r.at(6), cout, cout, 3, 3, 3, causal);
        shortcut = cin == cout ? null : ConvLoader.conv3d(w.at("shortcut"), cout, cin, 1, 1, 1, ConvPadding.causal(1, 1, 1));
    }

    Tensor forward(Device device, Tensor x) {
        Tensor h = conv2.forward(device, silu(device, l2Norm(device, x, gamma0)));
        h = conv6.forward(device, silu(device, l2Norm(device, h, gamma3)));
        device.kernels().add(h, shortcut == null ? x : shortcut.forward(device, x));
        return h;
    }
}
