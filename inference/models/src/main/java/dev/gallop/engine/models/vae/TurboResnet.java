package dev.gallop.engine.models.vae;

import dev.gallop.engine.models.vae.ops.Activations;
import dev.gallop.engine.models.vae.ops.ChannelNorm;
import dev.gallop.engine.models.vae.ops.Conv3d;
import dev.gallop.engine.backend.ConvPadding;
import dev.gallop.engine.models.vae.ops.Volume;
import dev.gallop.engine.nn.Weights;

/// A Turbo-VAED ResNet block, [Cin, T, H, W] → [Cout, T, H, W]:
/// RMS(1e-8) → act → conv 3×3×3 → RMS(1e-8) → SiLU → conv 3×3×3, plus the input, or RMS(1e-6) → conv 1×1×1 of it
/// when the width changes. `act` is ReLU for the ResNets that follow an upsampler, SiLU elsewhere (spec §12).
/// Every conv replicates edge frames in time and zero-pads space.
final class TurboResnet {
    static final float EPS = 1e-8f;
    static final float SHORTCUT_EPS = 1e-6f;

    private final boolean reluFirst;
    private final Conv3d conv1, conv2, shortcut;

    TurboResnet(Weights w, int cin, int cout, boolean reluFirst) {
        this.reluFirst = reluFirst;
        ConvPadding p3 = ConvPadding.replicateTime(3, 3, 3);
        this.conv1 = ConvLoader.conv3d(w.at("conv1.conv"), cout, cin, 3, 3, 3, p3);
        this.conv2 = ConvLoader.conv3d(w.at("conv2.conv"), cout, cout, 3, 3, 3, p3);
        this.shortcut = cin == cout ? null : ConvLoader.conv3d(w.at("conv_shortcut.conv"), cout, cin, 1, 1, 1, ConvPadding.replicateTime(1, 1, 1));
    }

    Volume forward(Volume x) {
        Volume h = ChannelNorm.rms(x, EPS);
        h = reluFirst ? Activations.relu(h) : Activations.silu(h);
        h = conv1.forward(h);
        h = Activations.silu(ChannelNorm.rms(h, EPS));
        h = conv2.forward(h);
        Volume skip = shortcut == null ? x : shortcut.forward(ChannelNorm.rms(x, SHORTCUT_EPS));
        return h.plus(skip);
    }
}
