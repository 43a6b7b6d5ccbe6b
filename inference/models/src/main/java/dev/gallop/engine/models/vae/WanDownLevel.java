package dev.gallop.engine.models.vae;

import dev.gallop.engine.backend.ConvPadding;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/// One level of the Wan encoder (`Down_ResidualBlock`, single-image path), [Cin, 1, H, W] → [Cout, 1, H', W']:
/// ResBlocks (`downsamples.0..n−1`), then for downsampling levels a 3×3 stride-2 conv with one zero row/column added
/// at the bottom/right (`downsamples.n.resample.1`), plus the AvgDown3D shortcut of the level's input
/// (ref: daVinci-MagiHuman inference/model/vae2_2/vae2_2_module.py).
///
/// A level that downsamples time also has a `time_conv`; on a first chunk upstream only caches its input and skips
/// it, so its weights are read (to be accounted for) but unused. Its shortcut averages the real frame with one zero
/// frame of front padding, which halves it. The last level's shortcut is the identity.
final class WanDownLevel {
    private final List<WanResBlock> blocks = new ArrayList<>();
    private final ConvLayer downsample;   // null on the last level
    private final int cout, ft, fs;

    WanDownLevel(Weights w, WanVaeConfig cfg, int level) {
        int cin = cfg.levelIn(level);
        cout = cfg.levelOut(level);
        Weights d = w.at("downsamples");
        for (int j = 0; j < cfg.numResBlocks(); j++) blocks.add(new WanResBlock(d.at(j), j == 0 ? cin : cout, cout));
        Weights rs = d.at(cfg.numResBlocks());
        downsample = cfg.downsamples(level) ? ConvLoader.conv2d(rs.at("resample.1"), cout, cout, 3, 3, ConvPadding.downsample2x()) : null;
        if (cfg.downsamplesTime(level)) {
            rs.at("time_conv").floats("weight", Shape.of(cout, cout, 3, 1, 1));   // unused for a single image
            rs.at("time_conv").floats("bias", Shape.of(cout));
        }
        ft = cfg.downsamplesTime(level) ? 2 : 1;
        fs = cfg.downsamples(level) ? 2 : 1;
    }

    Tensor forward(Device device, Tensor x) {
        Tensor h = x;
        for (WanResBlock b : blocks) h = b.forward(device, h);                  // [Cout, 1, H, W]
        if (downsample != null) h = downsample.forward(device, h);              // [Cout, 1, H/2, W/2]
        int[] d = x.shape().dims();
        Tensor shortcut = device.empty(DType.F32, Shape.of(cout, (d[1] + ft - 1) / ft, d[2] / fs, d[3] / fs));
        device.kernels().avgDown(shortcut, x, ft, fs);
        device.kernels().add(h, shortcut);
        return h;
    }
}
