package dev.gallop.engine.backend.cpu.gemm;

import static dev.gallop.engine.backend.cpu.gemm.MicroKernel.MR;
import static dev.gallop.engine.backend.cpu.gemm.MicroKernel.NR;

import dev.gallop.engine.backend.cpu.base.Parallel;
import dev.gallop.engine.tensor.DType;
import java.lang.foreign.MemorySegment;

/// Goto/BLIS-style blocked GEMM: the output is cut into tiles handed to the Parallel pool; each tile loops over K
/// blocks (KC), packs its w block (KC × tile width, widened to f32) once per K block, then L2-sized x blocks (MC × KC),
/// and runs the microkernel over NR-column × MR-row tiles (w micro-panel stays in L1 while x panels stream from L2).
/// Only w is transposed when packed; x panels stay row-major (the microkernel broadcasts from MR row streams).
final class BlockedGemm {
    private BlockedGemm() {}

    static final int KC = Integer.getInteger("gallop.gemm.kc", 256);
    static final int MC = roundUp(Integer.getInteger("gallop.gemm.mc", 480), MR);
    static final int NC = roundUp(Integer.getInteger("gallop.gemm.nc", 2048), NR);

    static void matmul(MemorySegment x, long xOff, MemorySegment w, long wOff, DType wType, float[] wScales,
                       MemorySegment bias, long biasOff, MemorySegment out, long outOff,
                       int m, int n, int k, boolean bf16, boolean accumulate) {
        int threads = Parallel.parallelism();
        int tilesN = Math.max(1, (n + NC - 1) / NC), tilesM = 1;
        // Split until every thread gets the same number of tiles (or there are plenty), cutting the longer side.
        for (int guard = 0; guard < 64; guard++) {
            int tiles = tilesM * tilesN;
            if (tiles % threads == 0 || tiles >= 8 * threads) break;
            int mt = tileSize(m, tilesM, MR), nt = tileSize(n, tilesN, NR);
            if (mt >= nt && mt > MR) tilesM++;
            else if (nt > NR) tilesN++;
            else if (mt > MR) tilesM++;
            else break;
        }
        int mt = tileSize(m, tilesM, MR), nt = tileSize(n, tilesN, NR);
        int tm = (m + mt - 1) / mt, tn = (n + nt - 1) / nt;
        Parallel.range(tm * tn, 1, (t0, t1) -> {
            for (int t = t0; t < t1; t++) {
                int i0 = (t / tn) * mt, j0 = (t % tn) * nt;
                tile(x, xOff, w, wOff, wType, wScales, bias, biasOff, out, outOff, n, k, bf16, accumulate,
                        i0, Math.min(mt, m - i0), j0, Math.min(nt, n - j0));
            }
        });
    }

    private static void tile(MemorySegment x, long xOff, MemorySegment w, long wOff, DType wType, float[] wScales,
                             MemorySegment bias, long biasOff, MemorySegment out, long outOff, int n, int k, boolean bf16,
                             boolean accumulate,
                             int i0, int rows, int j0, int cols) {
        Scratch s = Scratch.get();
        int kcMax = Math.min(KC, k);
        int mcMax = Math.min(MC, roundUp(rows, MR));
        float[] pw = s.packedW = Scratch.atLeast(s.packedW, kcMax * roundUp(cols, NR));
        float[] px = s.packedX = Scratch.atLeast(s.packedX, kcMax * mcMax);
        float[] tmp = s.tmp = Scratch.atLeast(s.tmp, kcMax);
        float[] c = s.tile;
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            boolean first = pc == 0 && !accumulate, last = pc + kc == k;
            Pack.w(w, wOff, wType, wScales, k, j0, cols, pc, kc, pw, tmp);
            for (int ic = 0; ic < rows; ic += MC) {
                int mc = Math.min(MC, rows - ic);
                Pack.x(x, xOff, k, i0 + ic, mc, pc, kc, bf16, px);
                for (int jr = 0; jr < cols; jr += NR) {
                    int nr = Math.min(NR, cols - jr);
                    int bo = (jr / NR) * NR * kc;
                    for (int ir = 0; ir < mc; ir += MR) {
                        MicroKernel.tile(kc, px, (ir / MR) * MR * kc, pw, bo, c);
                        MicroKernel.merge(c, out, outOff, n, i0 + ic + ir, j0 + jr, Math.min(MR, mc - ir), nr,
                                first, last, bias, biasOff, bf16);
                    }
                }
            }
        }
    }

    private static int tileSize(int extent, int tiles, int unit) {
        return roundUp((extent + tiles - 1) / tiles, unit);
    }

    static int roundUp(int v, int unit) { return (v + unit - 1) / unit * unit; }
}
