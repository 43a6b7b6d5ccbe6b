package dev.gallop.tests.parity.vae;

import dev.gallop.engine.io.safetensors.SafetensorsFile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/// One actual-vs-golden comparison for the VAE parity tests, gated on the max abs difference. Final outputs use the
/// set's absolute gate (docs/parity.md#tolerances) as is; intermediates, whose magnitude grows through the residual
/// stream, use it scaled by the golden's peak (max(1, peak) · tol).
record GoldenCheck(String name, int[] shape, double maxAbs, double maxRef, double relL2, double bar, String problem) {

    static GoldenCheck of(String name, SafetensorsFile io, String key, float[] actual, int[] actualShape, double tol, boolean absolute) {
        int[] golden = goldenShape(io, key);
        if (!Arrays.equals(golden, actualShape)) {
            return new GoldenCheck(name, golden, Double.POSITIVE_INFINITY, 0, Double.POSITIVE_INFINITY, tol,
                    "shape " + Arrays.toString(actualShape) + " != golden " + Arrays.toString(golden));
        }
        float[] expected = io.floats(key);
        double num = 0, den = 0, maxAbs = 0, maxRef = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = (double) actual[i] - expected[i];
            if (Double.isNaN(d)) d = Double.POSITIVE_INFINITY;
            num += d * d;
            den += (double) expected[i] * expected[i];
            maxAbs = Math.max(maxAbs, Math.abs(d));
            maxRef = Math.max(maxRef, Math.abs(expected[i]));
        }
        double rel = den == 0 ? Math.sqrt(num) : Math.sqrt(num / den);
        return new GoldenCheck(name, golden, maxAbs, maxRef, rel, absolute ? tol : tol * Math.max(1, maxRef), null);
    }

    /// The golden shape without a leading batch axis of 1.
    static int[] goldenShape(SafetensorsFile io, String key) {
        int[] s = io.info(key).shape().dims();
        return s.length == 5 && s[0] == 1 ? Arrays.copyOfRange(s, 1, 5) : s;
    }

    boolean ok() { return problem == null && maxAbs <= bar; }

    static String table(String title, List<GoldenCheck> checks) {
        List<String> lines = new ArrayList<>(List.of(title));
        for (GoldenCheck c : checks) lines.add(c.toString());
        return String.join("\n", lines);
    }

    /// Fails with the first check that is not ok, naming it, plus the whole table.
    static void requireAll(String title, List<GoldenCheck> checks) {
        String report = table(title, checks);
        System.out.println(report);
        for (GoldenCheck c : checks) {
            if (!c.ok()) throw new AssertionError("first divergence at '" + c.name + "': " + c + "\n" + report);
        }
    }

    @Override public String toString() {
        if (problem != null) return String.format("%-34s FAIL: %s", name, problem);
        return String.format("%-34s %-18s max-abs %.3e (bar %.1e) of peak %.3e  rel %.2e  rel-L2 %.3e  %s", name, Arrays.toString(shape),
                maxAbs, bar, maxRef, maxRef == 0 ? 0 : maxAbs / maxRef, relL2, ok() ? "ok" : "FAIL");
    }
}
