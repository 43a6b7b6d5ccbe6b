package dev.gallop.tests.parity.audio;

import dev.gallop.engine.io.safetensors.SafetensorsFile;
import dev.gallop.engine.io.safetensors.TensorInfo;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/// Helpers for the audio golden sets: layout changes, F64/I64 reads and max-abs gates that name the first failure.
final class AudioGolden {
    private AudioGolden() {}

    /// One compared tensor: max |actual − expected|, the peak |expected| and the gate.
    record Check(String name, double maxAbs, double peak, double gate, int worst) {
        boolean ok() { return maxAbs <= gate; }

        @Override public String toString() {
            return String.format("%-34s max-abs %.3e (gate %.1e) peak %.3e worst@%d  %s", name, maxAbs, gate, peak, worst, ok() ? "ok" : "FAIL");
        }
    }

    static Check check(String name, float[] actual, float[] expected, double gate) {
        if (actual.length != expected.length) {
            throw new AssertionError(name + ": " + actual.length + " values, golden has " + expected.length);
        }
        double max = 0, peak = 0;
        int worst = -1;
        for (int i = 0; i < actual.length; i++) {
            double d = Math.abs((double) actual[i] - expected[i]);
            if (!(d <= max)) { max = d; worst = i; }
            peak = Math.max(peak, Math.abs(expected[i]));
        }
        if (Double.isNaN(max)) max = Double.POSITIVE_INFINITY;
        return new Check(name, max, peak, gate, worst);
    }

    /// Prints every check and fails naming the first (in forward order) that is over its gate.
    static void report(String title, List<Check> checks) {
        StringBuilder sb = new StringBuilder(title).append('\n');
        for (Check c : checks) sb.append("  ").append(c).append('\n');
        System.out.print(sb);
        for (Check c : checks) {
            if (!c.ok()) throw new AssertionError("first divergence: " + c.name() + " (max-abs " + c.maxAbs() + " > " + c.gate() + ")\n" + sb);
        }
    }

    /// Golden `[1, C, T]` (or `[C, T]`) → time-major `[T, C]`.
    static float[] timeMajor(SafetensorsFile f, String name) {
        int[] d = f.info(name).shape().dims();
        int c = d[d.length - 2], t = d[d.length - 1];
        float[] x = f.floats(name), out = new float[x.length];
        for (int ci = 0; ci < c; ci++) for (int ti = 0; ti < t; ti++) out[ti * c + ci] = x[ci * t + ti];
        return out;
    }

    static int channels(SafetensorsFile f, String name) { int[] d = f.info(name).shape().dims(); return d[d.length - 2]; }

    static int steps(SafetensorsFile f, String name) { int[] d = f.info(name).shape().dims(); return d[d.length - 1]; }

    /// An F64 tensor, rounded to float.
    static float[] f64AsFloats(SafetensorsFile f, String name) {
        TensorInfo info = f.info(name);
        if (!"F64".equals(info.dtypeName())) throw new IllegalStateException(name + " is " + info.dtypeName() + ", expected F64");
        MemorySegment seg = f.data(name);
        ValueLayout.OfDouble le = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[(int) (seg.byteSize() / 8)];
        for (int i = 0; i < out.length; i++) out[i] = (float) seg.getAtIndex(le, i);
        return out;
    }

    /// The first value of an I64 tensor.
    static long i64(SafetensorsFile f, String name) {
        TensorInfo info = f.info(name);
        if (!"I64".equals(info.dtypeName())) throw new IllegalStateException(name + " is " + info.dtypeName() + ", expected I64");
        return f.data(name).get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
    }

    static List<Check> list() { return new ArrayList<>(); }
}
