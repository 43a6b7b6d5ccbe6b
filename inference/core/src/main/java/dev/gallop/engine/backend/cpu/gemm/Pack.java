package dev.gallop.engine.backend.cpu.gemm;

import dev.gallop.engine.tensor.DType;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/// Packing of GEMM operands into the layouts the microkernel streams.
///
/// x block (rows i0.., K range pc..pc+kc) → consecutive MR-row panels, each MR rows of kc (row-major: the kernel
/// broadcasts from MR streams, so x needs no transpose); w block (output columns j0.., same K range) → consecutive NR-column panels, each kc × NR.
/// Rows/columns past the matrix edge are zero, so the microkernel always runs full tiles.
final class Pack {
    private Pack() {}

    /// Packs x[i0 .. i0+rows, pc .. pc+kc) into dst (ceil(rows/MR) panels).
    static void x(MemorySegment x, long xOff, int k, int i0, int rows, int pc, int kc, boolean bf16,
                  float[] dst) {
        int mr = MicroKernel.MR;
        int panels = (rows + mr - 1) / mr;
        for (int q = 0; q < panels; q++) {
            int base = q * mr * kc;
            for (int r = 0; r < mr; r++) {
                int row = q * mr + r;
                if (row < rows) Widen.xRow(x, xOff, i0 + row, k, pc, kc, bf16, dst, base + r * kc);
                else Arrays.fill(dst, base + r * kc, base + (r + 1) * kc, 0f);
            }
        }
    }

    /// Packs w[j0 .. j0+cols, pc .. pc+kc) (w is [n, k] row-major) into dst (ceil(cols/NR) panels).
    static void w(MemorySegment w, long wOff, DType wType, float[] wScales, int k, int j0, int cols, int pc, int kc,
                  float[] dst, float[] tmp) {
        int nr = MicroKernel.NR;
        int panels = (cols + nr - 1) / nr;
        for (int q = 0; q < panels; q++) {
            int base = q * nr * kc;
            int live = Math.min(nr, cols - q * nr);
            for (int c = 0; c < live; c++) {
                Widen.weightRow(w, wOff, wType, wScales, j0 + q * nr + c, k, pc, kc, tmp, 0);
                scatter(tmp, kc, dst, base + c, nr);
            }
            if (live < nr) {
                for (int p = 0; p < kc; p++) Arrays.fill(dst, base + p * nr + live, base + (p + 1) * nr, 0f);
            }
        }
    }

    private static void scatter(float[] src, int len, float[] dst, int at, int stride) {
        for (int p = 0; p < len; p++) dst[at + p * stride] = src[p];
    }
}
