package dev.gallop.engine.nn;

import dev.gallop.engine.backend.Device;
import dev.gallop.engine.io.safetensors.SafetensorsFile;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import dev.gallop.engine.tensor.Tensor;
import java.util.HashSet;
import java.util.Set;

/// TEMPORARY local stand-in (replaced by the real loader from the weights branch).
public final class Weights {
    private final SafetensorsFile f; private final Device dev; private final String prefix; private final Set<String> used;
    private Weights(SafetensorsFile f, Device dev, String prefix, Set<String> used) { this.f = f; this.dev = dev; this.prefix = prefix; this.used = used; }
    public static Weights open(SafetensorsFile f, Device dev) { return new Weights(f, dev, "", new HashSet<>()); }
    public Weights at(String p) { return new Weights(f, dev, prefix + p + ".", used); }
    public Weights at(int i) { return at(Integer.toString(i)); }
    public boolean has(String n) { return f.contains(prefix + n); }
    public Tensor linear(String n, Shape s) {
        String k = prefix + n; check(k, s); used.add(k);
        var info = f.info(k);
        return Tensor.of(dev.fromHost(f.data(k)), 0, info.dtype(), s);
    }
    public Tensor vector(String n, Shape s) { return Tensor.fromFloats(dev, s, floats(n, s)); }
    public float[] floats(String n, Shape s) { String k = prefix + n; check(k, s); used.add(k); return f.floats(k); }
    private void check(String k, Shape s) {
        if (!f.contains(k)) throw new IllegalArgumentException("missing " + k);
        if (!f.info(k).shape().equals(s)) throw new IllegalArgumentException(k + " shape " + f.info(k).shape() + " expected " + s);
    }
    public void requireAllConsumed() {
        Set<String> rest = new HashSet<>(f.tensors().keySet()); rest.removeAll(used);
        if (!rest.isEmpty()) throw new IllegalArgumentException("unused " + rest);
    }
    @SuppressWarnings("unused") private static final DType D = DType.F32;
}
