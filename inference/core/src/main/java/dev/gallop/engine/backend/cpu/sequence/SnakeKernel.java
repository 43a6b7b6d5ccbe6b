package dev.gallop.engine.backend.cpu.sequence;

import dev.gallop.engine.backend.cpu.base.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/// [dev.gallop.engine.backend.SequenceKernels#snakeBeta] on CPU tensors, in parallel over time steps, a row at a time
/// (so out may be x): s = sin(x·freq), out = x + recip·(s·s), each operation rounded to f32 in that order.
/// Vector form: the [Sine] polynomial (within a few ulp of the exact sine); scalar twin, the reference: `Math.sin`.
public final class SnakeKernel {
    private static final VectorSpecies<Float> S = Sine.S;

    private SnakeKernel() {}

    public static void run(F32Array out, F32Array x, F32Array freq, F32Array recip, int channels, boolean vector) {
        float[] f = freq.floats(), rc = recip.floats();
        int rows = Math.toIntExact(x.length() / channels);
        Parallel.range(rows, Math.max(1, 8192 / channels), (t0, t1) -> {
            float[] row = new float[channels];
            for (int t = t0; t < t1; t++) {
                x.read((long) t * channels, row, 0, channels);
                if (vector) vectorRow(row, f, rc);
                else scalarRow(row, f, rc);
                out.write((long) t * channels, row, 0, channels);
            }
        });
    }

    private static void vectorRow(float[] row, float[] f, float[] rc) {
        int c = 0;
        for (; c < S.loopBound(row.length); c += S.length()) {
            FloatVector v = FloatVector.fromArray(S, row, c);
            FloatVector s = Sine.sin(v.mul(FloatVector.fromArray(S, f, c)));
            v.add(FloatVector.fromArray(S, rc, c).mul(s.mul(s))).intoArray(row, c);
        }
        for (; c < row.length; c++) {
            float v = row[c], s = Sine.sin(v * f[c]);
            row[c] = v + rc[c] * (s * s);
        }
    }

    private static void scalarRow(float[] row, float[] f, float[] rc) {
        for (int c = 0; c < row.length; c++) {
            float v = row[c], s = (float) Math.sin(v * f[c]);
            row[c] = v + rc[c] * (s * s);
        }
    }
}
