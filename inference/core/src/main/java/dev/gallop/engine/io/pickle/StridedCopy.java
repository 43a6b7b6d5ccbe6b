package dev.gallop.engine.io.pickle;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/// Turns a strided [TorchTensor] view over its storage bytes into row-major contiguous bytes: a zero-copy slice when
/// the view is already contiguous, otherwise a gathered copy (copying whole innermost runs when they are dense).
final class StridedCopy {
    private StridedCopy() {}

    /// `storage` holds the storage's bytes; the tensor has been validated to lie inside it.
    static MemorySegment contiguous(TorchTensor t, MemorySegment storage, Arena arena) {
        int e = t.storage().elementBytes();
        long bytes = t.byteSize();
        if (t.contiguous() || bytes == 0) return storage.asSlice(t.offset() * e, bytes);
        MemorySegment out = arena.allocate(bytes, 64);
        long[] size = t.size(), stride = t.stride();
        int rank = size.length;
        int inner = rank - 1;
        long run = size[inner];
        boolean denseInner = stride[inner] == 1;
        long[] idx = new long[rank];
        long dst = 0;
        long rows = t.numel() / run;
        for (long r = 0; r < rows; r++) {
            long base = t.offset();
            for (int i = 0; i < inner; i++) base += idx[i] * stride[i];
            if (denseInner) {
                MemorySegment.copy(storage, base * e, out, dst, run * e);
                dst += run * e;
            } else {
                for (long j = 0; j < run; j++) {
                    MemorySegment.copy(storage, (base + j * stride[inner]) * e, out, dst, e);
                    dst += e;
                }
            }
            for (int i = inner - 1; i >= 0; i--) {
                if (++idx[i] < size[i]) break;
                idx[i] = 0;
            }
        }
        return out;
    }
}
