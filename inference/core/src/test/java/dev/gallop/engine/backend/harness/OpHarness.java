package dev.gallop.engine.backend.harness;

import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.backend.cpu.CpuDevice;
import java.util.List;
import java.util.Locale;

/// Runs [OpCase]s on a device and compares them with the CPU backend's scalar twins, the reference every backend
/// (the CPU's vector kernels included) is held to. With `-Dgallop.ops.perf=true` it also times each case on the
/// device under test and prints the time and throughput.
public final class OpHarness {
    public static final boolean PERF = Boolean.getBoolean("gallop.ops.perf");

    private OpHarness() {}

    /// The outcome of one case on one device.
    public record Result(OpCase c, String device, double[] errors, double millis) {
        public boolean ok() {
            for (double e : errors) if (!(e <= c.tolerance())) return false;
            return true;
        }

        public double worst() {
            double w = 0;
            for (double e : errors) w = Math.max(w, Double.isNaN(e) ? Double.POSITIVE_INFINITY : e);
            return w;
        }

        @Override public String toString() {
            String perf = Double.isNaN(millis) ? "" : String.format(Locale.ROOT, "  %9.3f ms  %s", millis, throughput());
            return String.format(Locale.ROOT, "%-8s %-22s %-58s rel-L2 %.3e (bar %.0e)%s%s", device, c.op(), c.name(), worst(),
                    c.tolerance(), perf, ok() ? "" : "  FAIL");
        }

        private String throughput() {
            if (c.flops() > 0) return String.format(Locale.ROOT, "%8.2f GFLOP/s", c.flops() / (millis * 1e6));
            return "";
        }
    }

    /// The case on `device` with `kernels` against the CPU's scalar twins.
    public static Result run(OpCase c, Device device, Kernels kernels) {
        CpuDevice cpu = CpuDevice.get();
        OpCase.Run want = c.body().prepare(cpu, CpuDevice.kernels(false));
        want.op().run();
        OpCase.Run got = c.body().prepare(device, kernels);
        got.op().run();
        device.synchronize();
        List<Tensor> a = got.outputs(), b = want.outputs();
        if (a.size() != b.size()) throw new IllegalStateException(c + ": " + a.size() + " outputs vs " + b.size());
        double[] errors = new double[a.size()];
        for (int i = 0; i < a.size(); i++) errors[i] = relL2(a.get(i).toFloats(), b.get(i).toFloats());
        double millis = PERF ? time(got, device) : Double.NaN;
        return new Result(c, device.id(), errors, millis);
    }

    /// Median of a few timed runs after a warm-up, in milliseconds.
    static double time(OpCase.Run run, Device device) {
        for (int i = 0; i < 2; i++) run.op().run();
        device.synchronize();
        int reps = 7;
        double[] ms = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            run.op().run();
            device.synchronize();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        java.util.Arrays.sort(ms);
        return ms[reps / 2];
    }

    /// ‖a − b‖ / ‖b‖ (‖a − b‖ when b is 0); NaN or an infinity anywhere gives NaN unless both agree exactly.
    public static double relL2(float[] a, float[] b) {
        if (a.length != b.length) return Double.NaN;
        double num = 0, den = 0;
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToIntBits(a[i]) == Float.floatToIntBits(b[i])) {
                if (Float.isFinite(b[i])) den += (double) b[i] * b[i];
                continue;
            }
            if (!Float.isFinite(a[i]) || !Float.isFinite(b[i])) return Double.NaN;
            double d = (double) a[i] - b[i];
            num += d * d;
            den += (double) b[i] * b[i];
        }
        if (num == 0) return 0;
        return den == 0 ? Math.sqrt(num) : Math.sqrt(num / den);
    }
}
