package dev.gallop.engine.backend;

/// The operations of [Kernels], one constant per method: what a device declares it supports ([Device#supports],
/// ggml's `supports_op`) and what the op harness must have cases for.
public enum Op {
    // TransformerKernels
    LINEAR, LINEAR_ADD, RMS_NORM, ROPE, QK_NORM_ROPE, ATTENTION, ATTENTION_SCORES, SIGMOID_GATE, SWIGLU7, GELU7, GELU_TANH_GLU,
    // ElementwiseKernels
    ADD, SCALE, AXPBY, FILL, ROUND_BF16, COPY, COPY_COLUMNS, TRANSPOSE, SILU, RELU, COUNT_NON_FINITE,
    // SamplerKernels
    FLOW_X0, DISTILL_STEP, CFG, UNIPC_PREDICT, UNIPC_CORRECT,
    // VolumeKernels
    CONV3D, CHANNEL_RMS_NORM, CHANNEL_L2_NORM, CHANNEL_AFFINE, CHANNEL_DIVIDE_ADD, UPSAMPLE_NEAREST_2X, UPSAMPLE_TRILINEAR,
    PIXEL_SHUFFLE_2X2, PIXEL_UNSHUFFLE_2X2, FRAMES_FROM_CHANNELS, AVG_DOWN, COPY_FRAMES, PATCHIFY, UNPATCHIFY,
    RGB_TO_BYTES, ALPHA_COMPOSITE,
    // SequenceKernels
    CONV1D, CONV_TRANSPOSE1D, SNAKE_BETA, RESAMPLE_FFT, VAE_SAMPLE
}
