package dev.gallop.engine.backend.cuda.kernels;

/// The kernels of the sequence operations (natives/conv1d.cu, snake.cu, resample.cu).
public final class SequenceNatives {
    private SequenceNatives() {}
}
