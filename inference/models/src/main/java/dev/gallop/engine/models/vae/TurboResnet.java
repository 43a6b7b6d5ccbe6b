package dev.gallop.engine.models.vae;

import static dev.gallop.engine.models.vae.VolumeSteps.relu;
import static dev.gallop.engine.models.vae.VolumeSteps.rmsNorm;
import static dev.gallop.engine.models.vae.VolumeSteps.silu;

import dev.gallop.engine.backend.ConvPadding;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.nn.Weights;

/// A Turbo-VAED ResNet block, [Cin, T, H, W] → [Cout, T, H, W]:
/// RMS(1e-8) → act → conv 3×3×3 → RMS(1e-8) → SiLU → conv 3×3×3, plus the input, or RMS(1e-6) → conv 1×1×1 of it
/// when the width changes. `act` is ReLU for the ResNets that follow an upsampler, SiLU elsewhere
/// (ref: daVinci-MagiHuman inference/model/turbo_vaed/turbo_vaed_module.py). Every conv replicates edge frames in
/// time and zero-pads space.
final class TurboResnet {
    static final float EPS = 1e-8f;
    static final float SHORTCUT_EPS = 1e-6f;

    private final boolean reluFirst;
    private final ConvLayer conv1, conv2, shortcut;

    TurboResnet(Weights w, int cin, int cout, boolean reluFirst) {
        this.reluFirst = reluFirst;
        ConvPadding p3 = ConvPadding.replicateTime(3, 3, 3);
        this.conv1 = ConvLoader.conv3d(w.at("conv1.conv"), cout, cin, 3, 3, 3, p3);
        this.conv2 = ConvLoader.conv3d(w.at("conv2.conv"), cout, cout, 3, 3, 3, p3);
        this.shortcut = cin == cout ? null : ConvLoader.conv3d(w.at("conv_shortcut.conv"), cout, cin, 1, 1, 1, ConvPadding.replicateTime(1, 1, 1));
    }

    Tensor forward(Device device, Tensor x) {
        Tensor h = rmsNorm(device, x, EPS);
        h = conv1.forward(device, reluFirst ? relu(device, h) : silu(device, h));
        device.kernels().channelRmsNorm(h, h, EPS);
        h = conv2.forward(device, silu(device, h));
        Tensor skip = shortcut == null ? x : shortcut.forward(device, rmsNorm(device, x, SHORTCUT_EPS));
        device.kernels().add(h, skip);
        return h;
    }
}
