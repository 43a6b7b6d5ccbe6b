package dev.gallop.engine.models.vae;

import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.tensor.DType;

/// The small steps of the VAE blocks as functions: each runs one [dev.gallop.engine.backend.Kernels] operation into a
/// new F32 tensor on `device`, leaving its input as it was.
final class VolumeSteps {
    private VolumeSteps() {}

    static Tensor silu(Device device, Tensor x) {
        Tensor out = device.empty(DType.F32, x.shape());
        device.kernels().silu(out, x);
        return out;
    }

    static Tensor relu(Device device, Tensor x) {
        Tensor out = device.empty(DType.F32, x.shape());
        device.kernels().relu(out, x);
        return out;
    }

    /// Turbo-VAED's affine-free RMS norm over channels.
    static Tensor rmsNorm(Device device, Tensor x, float eps) {
        Tensor out = device.empty(DType.F32, x.shape());
        device.kernels().channelRmsNorm(out, x, eps);
        return out;
    }

    /// Wan's RMS_norm over channels with its gain γ [C].
    static Tensor l2Norm(Device device, Tensor x, Tensor gamma) {
        Tensor out = device.empty(DType.F32, x.shape());
        device.kernels().channelL2Norm(out, x, gamma);
        return out;
    }
}
