package dev.gallop.engine.backend;

/// Every operation a model needs, implemented once per backend (ADR 0029): the CPU backend's Vector API kernels
/// with their scalar twins, and the CUDA backend's kernels of natives/ or cuBLASLt / cuDNN / cuFFT calls. Models
/// compute through this interface only. The operations come in families, each documented in its own interface:
/// [TransformerKernels], [ElementwiseKernels], [SamplerKernels], [VolumeKernels], [SequenceKernels]; [Op] names
/// them all, for [Device#supports] and for the op harness that checks each backend against the CPU's scalar twins.
///
/// Calls are queued in order on the device and may return before the work is done; [Device#synchronize], a host
/// copy or [ElementwiseKernels#countNonFinite] waits for it. A shape or dtype an operation does not take is an
/// [IllegalArgumentException] naming the operation, the operand and what it got.
public interface Kernels extends TransformerKernels, ElementwiseKernels, SamplerKernels, VolumeKernels, SequenceKernels {}
