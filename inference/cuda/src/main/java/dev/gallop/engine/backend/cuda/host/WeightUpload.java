package dev.gallop.engine.backend.cuda.host;

import dev.gallop.engine.tensor.DType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/// Uploads a GEMM weight once, as the device will use it: row-major [N, K] host bytes (BF16, F16, F32 or F8_E4M3,
/// already in the storage type chosen by the weight policy) into a device matrix [N, ld] with ld = K, or the padded
/// K of [GemmPadding] when `pad` is set (pad columns zeroed), plus, for F8_E4M3, one f32 dequantization scale per
/// output row on the device (a per-tensor scale is repeated).
public final class WeightUpload {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /// A weight on the device. `scales` is null unless the dtype is F8_E4M3.
    public record DeviceMatrix(DevicePool.Block data, DType dtype, int rows, int cols, int ld, DevicePool.Block scales) {
        public long rowPitchBytes() { return (long) ld * dtype.bytes(); }
    }

    private WeightUpload() {}

    public static DeviceMatrix upload(GpuDriver driver, DevicePool pool, MemorySegment host, DType dtype, int rows, int cols,
                                      float[] scales, boolean pad) {
        long eb = dtype.bytes();
        if (host.byteSize() != (long) rows * cols * eb) {
            throw new IllegalArgumentException("weight [" + rows + ", " + cols + "] " + dtype + " needs " + (long) rows * cols * eb
                    + " bytes, host data has " + host.byteSize());
        }
        if ((dtype == DType.F8_E4M3) != (scales != null)) {
            throw new IllegalArgumentException(dtype == DType.F8_E4M3 ? "an F8_E4M3 weight needs its scales" : dtype + " weights take no scales");
        }
        if (scales != null && scales.length != 1 && scales.length != rows) {
            throw new IllegalArgumentException("F8_E4M3 weight [" + rows + ", " + cols + "] has " + scales.length + " scales; 1 or " + rows + " expected");
        }
        int ld = pad ? GemmPadding.paddedK(cols) : cols;
        DevicePool.Block data = pool.allocate((long) rows * ld * eb);
        if (ld != cols) driver.zero(data.ptr(), (long) rows * ld * eb);
        driver.copyToDevice2D(host, cols * eb, data.ptr(), ld * eb, cols * eb, rows);
        DevicePool.Block sc = null;
        if (scales != null) {
            sc = pool.allocate(4L * rows);
            try (Arena a = Arena.ofConfined()) {
                MemorySegment s = a.allocate(4L * rows, 4);
                for (int r = 0; r < rows; r++) s.setAtIndex(F32, r, scales.length == 1 ? scales[0] : scales[r]);
                driver.copyToDevice2D(s, 4L * rows, sc.ptr(), 4L * rows, 4L * rows, 1);
            }
        }
        return new DeviceMatrix(data, dtype, rows, cols, ld, sc);
    }
}
