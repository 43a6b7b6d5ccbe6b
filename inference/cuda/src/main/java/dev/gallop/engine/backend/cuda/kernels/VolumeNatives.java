package dev.gallop.engine.backend.cuda.kernels;

/// The kernels of the volume operations (natives/volume*.cu, conv3d.cu).
public final class VolumeNatives {
    private VolumeNatives() {}
}
