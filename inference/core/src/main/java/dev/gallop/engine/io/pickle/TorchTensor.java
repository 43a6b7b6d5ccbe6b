package dev.gallop.engine.io.pickle;

import java.util.Arrays;

/// A tensor as `torch._utils._rebuild_tensor_v2` describes it: a strided view (sizes and strides in elements,
/// storage offset in elements) over a [TorchStorage]. Validated on construction to lie inside its storage.
public record TorchTensor(TorchStorage storage, long offset, long[] size, long[] stride) {
    public long numel() {
        long n = 1;
        for (long s : size) n *= s;
        return n;
    }

    public long byteSize() { return numel() * storage.elementBytes(); }

    /// Whether the view is the row-major contiguous layout (size-1 axes may have any stride).
    public boolean contiguous() {
        long expect = 1;
        for (int i = size.length - 1; i >= 0; i--) {
            if (size[i] != 1 && stride[i] != expect) return false;
            expect *= size[i];
        }
        return true;
    }

    public String describe() { return storage.dtypeName() + Arrays.toString(size); }

    @Override public boolean equals(Object o) {
        return o instanceof TorchTensor t && t.storage.equals(storage) && t.offset == offset
                && Arrays.equals(t.size, size) && Arrays.equals(t.stride, stride);
    }

    @Override public int hashCode() { return storage.hashCode() * 31 + Arrays.hashCode(size) * 7 + Long.hashCode(offset); }

    @Override public String toString() { return "TorchTensor(" + describe() + " @" + storage.key() + "+" + offset + ")"; }
}
