package dev.gallop.tests.parity;

/// Relative L2 and max-abs error of an actual tensor against its golden value.
public record Comparison(String name, double relL2, double maxAbs, double maxRef, double tolerance) {

    public static Comparison of(String name, float[] actual, float[] expected, double tolerance) {
        if (actual.length != expected.length) {
            return new Comparison(name, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 0, tolerance);
        }
        double num = 0, den = 0, maxAbs = 0, maxRef = 0;
        for (int i = 0; i < actual.length; i++) {
            double d = (double) actual[i] - expected[i];
            num += d * d;
            den += (double) expected[i] * expected[i];
            maxAbs = Math.max(maxAbs, Math.abs(d));
            maxRef = Math.max(maxRef, Math.abs(expected[i]));
        }
        double rel = den == 0 ? Math.sqrt(num) : Math.sqrt(num / den);
        if (Double.isNaN(rel)) rel = Double.POSITIVE_INFINITY;
        return new Comparison(name, rel, maxAbs, maxRef, tolerance);
    }

    public boolean ok() { return relL2 <= tolerance; }

    @Override public String toString() {
        return String.format("%-28s rel-L2 %.3e (bar %.0e)  max-abs %.3e of %.3e  %s", name, relL2, tolerance, maxAbs, maxRef, ok() ? "ok" : "FAIL");
    }
}
