package dev.gallop.engine.backend.cuda.driver;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/// `CUDA_MEMCPY2D` (cuda.h, 64-bit): a pitched copy between host and device memory, used to upload a weight into a
/// K-padded device matrix and to copy column slices. CudaStructLayoutTest compares sizes and offsets with cuda.h.
public final class Memcpy2D {
    public static final int HOST = 1, DEVICE = 2;   // CUmemorytype

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("srcXInBytes"), JAVA_LONG.withName("srcY"),
            JAVA_INT.withName("srcMemoryType"), MemoryLayout.paddingLayout(4),
            ADDRESS.withName("srcHost"), JAVA_LONG.withName("srcDevice"), ADDRESS.withName("srcArray"),
            JAVA_LONG.withName("srcPitch"),
            JAVA_LONG.withName("dstXInBytes"), JAVA_LONG.withName("dstY"),
            JAVA_INT.withName("dstMemoryType"), MemoryLayout.paddingLayout(4),
            ADDRESS.withName("dstHost"), JAVA_LONG.withName("dstDevice"), ADDRESS.withName("dstArray"),
            JAVA_LONG.withName("dstPitch"),
            JAVA_LONG.withName("WidthInBytes"), JAVA_LONG.withName("Height")).withName("CUDA_MEMCPY2D");

    private static VarHandle h(String name) { return LAYOUT.varHandle(MemoryLayout.PathElement.groupElement(name)); }

    private static final VarHandle SRC_TYPE = h("srcMemoryType"), SRC_HOST = h("srcHost"), SRC_DEVICE = h("srcDevice"),
            SRC_PITCH = h("srcPitch"), DST_TYPE = h("dstMemoryType"), DST_HOST = h("dstHost"), DST_DEVICE = h("dstDevice"),
            DST_PITCH = h("dstPitch"), WIDTH = h("WidthInBytes"), HEIGHT = h("Height");

    private Memcpy2D() {}

    /// A host → device copy of `rows` rows of `widthBytes` each, from `src` (row pitch `srcPitch`) to device
    /// address `dst` (row pitch `dstPitch`).
    public static MemorySegment hostToDevice(Arena a, MemorySegment src, long srcPitch, long dst, long dstPitch, long widthBytes, long rows) {
        MemorySegment s = pitched(a, HOST, srcPitch, DEVICE, dstPitch, widthBytes, rows);
        SRC_HOST.set(s, 0L, src);
        DST_DEVICE.set(s, 0L, dst);
        return s;
    }

    /// A device → device pitched copy.
    public static MemorySegment deviceToDevice(Arena a, long src, long srcPitch, long dst, long dstPitch, long widthBytes, long rows) {
        MemorySegment s = pitched(a, DEVICE, srcPitch, DEVICE, dstPitch, widthBytes, rows);
        SRC_DEVICE.set(s, 0L, src);
        DST_DEVICE.set(s, 0L, dst);
        return s;
    }

    /// A device → host pitched copy.
    public static MemorySegment deviceToHost(Arena a, long src, long srcPitch, MemorySegment dst, long dstPitch, long widthBytes, long rows) {
        MemorySegment s = pitched(a, DEVICE, srcPitch, HOST, dstPitch, widthBytes, rows);
        SRC_DEVICE.set(s, 0L, src);
        DST_HOST.set(s, 0L, dst);
        return s;
    }

    /// A zeroed struct with the memory types, pitches and extent set; the callers fill in the two addresses.
    private static MemorySegment pitched(Arena a, int srcType, long srcPitch, int dstType, long dstPitch, long widthBytes, long rows) {
        MemorySegment s = a.allocate(LAYOUT);
        SRC_TYPE.set(s, 0L, srcType);
        SRC_PITCH.set(s, 0L, srcPitch);
        DST_TYPE.set(s, 0L, dstType);
        DST_PITCH.set(s, 0L, dstPitch);
        WIDTH.set(s, 0L, widthBytes);
        HEIGHT.set(s, 0L, rows);
        return s;
    }
}
