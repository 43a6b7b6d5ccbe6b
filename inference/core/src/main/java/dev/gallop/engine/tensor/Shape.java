package dev.gallop.engine.tensor;

import java.util.Arrays;

/// A tensor shape in PyTorch axis order (outermost first, row-major). Immutable.
public final class Shape {
    private final int[] dims;

    private Shape(int[] dims) {
        for (int d : dims) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(dims));
        }
        this.dims = dims;
    }

    public static Shape of(int... dims) { return new Shape(dims.clone()); }

    public static Shape of(long... dims) {
        int[] d = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] > Integer.MAX_VALUE) throw new IllegalArgumentException("dimension " + dims[i] + " too large in shape " + Arrays.toString(dims));
            d[i] = (int) dims[i];
        }
        return new Shape(d);
    }

    public int rank() { return dims.length; }

    public int dim(int axis) { return dims[axis < 0 ? dims.length + axis : axis]; }

    public int[] dims() { return dims.clone(); }

    public long numel() {
        long n = 1;
        for (int d : dims) n *= d;
        return n;
    }

    /// Product of all dims but the last: the number of rows when the tensor is viewed as [rows, last].
    public long rows() { return dims.length == 0 ? 1 : numel() / Math.max(1, dims[dims.length - 1]); }

    public int last() { return dims.length == 0 ? 1 : dims[dims.length - 1]; }

    /// This shape with the first axis replaced.
    public Shape withFirst(int first) {
        int[] d = dims.clone();
        d[0] = first;
        return new Shape(d);
    }

    /// This shape with the last axis replaced.
    public Shape withLast(int last) {
        int[] d = dims.clone();
        d[d.length - 1] = last;
        return new Shape(d);
    }

    @Override public boolean equals(Object o) { return o instanceof Shape s && Arrays.equals(dims, s.dims); }

    @Override public int hashCode() { return Arrays.hashCode(dims); }

    @Override public String toString() { return Arrays.toString(dims); }
}
