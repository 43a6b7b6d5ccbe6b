package dev.gallop.tests.parity.samplers;

import static org.junit.jupiter.api.Assertions.fail;

import dev.gallop.engine.backend.Tensor;

/// Tensor comparisons whose failure messages name the tensor, the first differing element and the size of the
/// difference.
final class Compare {
    private Compare() {}

    /// Asserts bitwise equality of float32 values.
    static void bitExact(String label, float[] expected, float[] actual) {
        sameLength(label, expected, actual);
        int first = -1, count = 0;
        double maxAbs = 0;
        for (int k = 0; k < expected.length; k++) {
            if (Float.floatToRawIntBits(expected[k]) != Float.floatToRawIntBits(actual[k])) {
                if (first < 0) first = k;
                count++;
                maxAbs = Math.max(maxAbs, Math.abs((double) expected[k] - actual[k]));
            }
        }
        if (first >= 0) {
            fail(label + ": not bit-exact: " + count + "/" + expected.length + " elements differ, first at index " + first
                    + " (expected " + expected[first] + " [0x" + Integer.toHexString(Float.floatToRawIntBits(expected[first]))
                    + "], got " + actual[first] + " [0x" + Integer.toHexString(Float.floatToRawIntBits(actual[first]))
                    + "]), max |diff| " + maxAbs);
        }
    }

    /// Asserts `max|a − e| ≤ rel · max|e|`; returns the achieved ratio.
    static double close(String label, float[] expected, float[] actual, double rel) {
        sameLength(label, expected, actual);
        double maxAbs = 0, maxRef = 0;
        int worst = -1;
        for (int k = 0; k < expected.length; k++) {
            double d = Math.abs((double) expected[k] - actual[k]);
            if (Double.isNaN(d) || d > maxAbs) {
                maxAbs = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
                worst = k;
            }
            maxRef = Math.max(maxRef, Math.abs(expected[k]));
        }
        double ratio = maxRef == 0 ? maxAbs : maxAbs / maxRef;
        if (!(ratio <= rel)) {
            fail(label + ": max |diff| " + maxAbs + " at index " + worst + " (expected " + expected[worst] + ", got "
                    + actual[worst] + ") is " + ratio + " of max |expected| " + maxRef + ", above " + rel);
        }
        return ratio;
    }

    /// [#bitExact] on a tensor (copied to the host).
    static void bitExact(String label, float[] expected, Tensor actual) { bitExact(label, expected, actual.toFloats()); }

    /// [#close] on a tensor (copied to the host).
    static double close(String label, float[] expected, Tensor actual, double rel) { return close(label, expected, actual.toFloats(), rel); }

    private static void sameLength(String label, float[] e, float[] a) {
        if (e.length != a.length) fail(label + ": length " + a.length + ", expected " + e.length);
    }
}
