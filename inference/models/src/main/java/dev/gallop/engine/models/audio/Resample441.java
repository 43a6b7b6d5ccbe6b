package dev.gallop.engine.models.audio;

import dev.gallop.engine.backend.Backends;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.SequenceKernels;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;

/// MagiHuman's 51.2 → 44.1 kHz step after the Oobleck decoder: an FFT resample by 441/512 along time, N samples to
/// M = ⌊N·441/512⌋ (1764 per 2048-sample latent frame), by [SequenceKernels#resampleFft] (docs/models/vaes.md#resample;
/// ref: `scipy.signal.resample`, whose float32 and float64 results the Oobleck goldens hold).
public final class Resample441 {
    public static final int FROM_RATE = 51_200;
    public static final int TO_RATE = 44_100;

    private Resample441() {}

    /// Target length for `n` input samples: ⌊n·441/512⌋.
    public static int targetLength(int n) {
        if (n < 0) throw new IllegalArgumentException("negative sample count " + n);
        return (int) ((long) n * 441 / 512);
    }

    /// wave [N, C] at 51 200 Hz → a new [⌊N·441/512⌋, C] at 44 100 Hz on wave's device.
    public static Tensor resample(Kernels k, Tensor wave) {
        int n = wave.shape().dim(0), m = targetLength(n);
        if (m < 1) throw new IllegalArgumentException("cannot resample " + n + " samples to 44 100 Hz: fewer than one sample results");
        Tensor out = wave.device().empty(DType.F32, Shape.of(m, wave.shape().dim(1)));
        k.resampleFft(out, wave);
        return out;
    }

    /// Interleaved host audio [n, channels] at 51 200 Hz → [⌊n·441/512⌋, channels] at 44 100 Hz, computed on the CPU.
    public static float[] resample(float[] interleaved, int channels) {
        if (channels < 1 || interleaved.length % channels != 0) {
            throw new IllegalArgumentException(interleaved.length + " samples do not split into " + channels + " channels");
        }
        Device cpu = Backends.device("cpu");
        Tensor wave = Tensor.fromFloats(cpu, Shape.of(interleaved.length / channels, channels), interleaved);
        return resample(cpu.kernels(), wave).toFloats();
    }
}
