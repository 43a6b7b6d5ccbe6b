package dev.gallop.engine.backend.cpu.gemm;

import static dev.gallop.engine.backend.cpu.gemm.GemmTestData.F32;
import static dev.gallop.engine.backend.cpu.gemm.GemmTestData.GUARD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gallop.engine.tensor.DType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/// Vector GEMM vs its scalar twin vs a double-precision naive reference, over odd sizes, every weight dtype,
/// with/without bias, bf16 mode on/off, at non-zero byte offsets into read-only inputs.
class GemmTest {
    private static final int[] MS = {1, 2, 7, 31, 33, 65, 130};
    private static final int[] NS = {1, 5, 17, 33, 100};
    private static final int[] KS = {1, 3, 31, 64, 129};
    /// f32 accumulation error allowed, relative to Σ|x·w| + |bias|.
    private static final double F32_TOL = 1e-5;
    /// One bf16 rounding of the result: half an ulp is 2^-9 relative; allow a full ulp for tie-side differences.
    private static final double BF16_TOL = 0x1p-8;

    static Stream<Arguments> weightKinds() {
        return Stream.of(Arguments.of(DType.F32, false), Arguments.of(DType.BF16, false), Arguments.of(DType.F16, false),
                Arguments.of(DType.F8_E4M3, false), Arguments.of(DType.F8_E4M3, true));
    }

    @ParameterizedTest(name = "{0} perChannel={1}")
    @MethodSource("weightKinds")
    void oddSizesMatchReference(DType type, boolean perChannel) {
        List<String> failures = new ArrayList<>();
        long seed = 1;
        try (Arena arena = Arena.ofShared()) {
            for (int m : MS) for (int n : NS) for (int k : KS) {
                for (boolean withBias : new boolean[] {false, true}) {
                    GemmTestData d = new GemmTestData(arena, seed++, m, n, k, type, perChannel, withBias);
                    for (boolean bf16 : new boolean[] {false, true}) check(arena, d, bf16, failures);
                }
                if (failures.size() > 20) break;
            }
        }
        if (!failures.isEmpty()) fail(failures.size() + " mismatches, first: \n" + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
    }

    /// Sizes that cross the blocking constants (KC, MC, NC, the small-M cut-off) and the thread split.
    @ParameterizedTest(name = "{0} perChannel={1}")
    @MethodSource("weightKinds")
    void blockBoundariesMatchReference(DType type, boolean perChannel) {
        int[][] shapes = {
            {3, 70, 700}, {Gemm.SMALL_M, 9, 300}, {Gemm.SMALL_M + 1, 9, 300},
            {BlockedGemm.MC + 5, 47, BlockedGemm.KC + 1}, {13, BlockedGemm.NC + 40, 5}, {250, 97, 2 * BlockedGemm.KC + 3},
        };
        List<String> failures = new ArrayList<>();
        try (Arena arena = Arena.ofShared()) {
            long seed = 100;
            for (int[] s : shapes) {
                GemmTestData d = new GemmTestData(arena, seed++, s[0], s[1], s[2], type, perChannel, true);
                check(arena, d, false, failures);
                check(arena, d, true, failures);
            }
        }
        if (!failures.isEmpty()) fail(String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
    }

    private static void check(Arena arena, GemmTestData d, boolean bf16, List<String> failures) {
        MemorySegment vec = d.newOut(arena), ref = d.newOut(arena);
        d.run(vec, bf16, true);
        d.run(ref, bf16, false);
        String where = d.type + " m=" + d.m + " n=" + d.n + " k=" + d.k + " bias=" + (d.bias != null) + " bf16=" + bf16;
        checkGuards(vec, d, where + " vector", failures);
        checkGuards(ref, d, where + " scalar", failures);
        for (int i = 0; i < d.m; i++) {
            for (int j = 0; j < d.n; j++) {
                long at = d.outOff + 4L * ((long) i * d.n + j);
                float v = vec.get(F32, at), s = ref.get(F32, at);
                double want = d.reference(i, j, bf16);
                double tol = F32_TOL * d.magnitude(i, j) + (bf16 ? BF16_TOL * Math.abs(want) : 0);
                if (!(Math.abs(v - want) <= tol)) failures.add(where + " vector[" + i + "," + j + "]=" + v + " want " + want + " tol " + tol);
                if (!(Math.abs(s - want) <= tol)) failures.add(where + " scalar[" + i + "," + j + "]=" + s + " want " + want + " tol " + tol);
                if (bf16 && (Float.floatToRawIntBits(v) & 0xffff) != 0) failures.add(where + " vector[" + i + "," + j + "]=" + v + " is not bf16");
                if (bf16 && (Float.floatToRawIntBits(s) & 0xffff) != 0) failures.add(where + " scalar[" + i + "," + j + "]=" + s + " is not bf16");
            }
        }
    }

    /// Everything before outOff and after the m·n outputs must still hold GUARD.
    private static void checkGuards(MemorySegment out, GemmTestData d, String where, List<String> failures) {
        long end = d.outOff + 4L * d.m * d.n;
        for (long b = 0; b + 4 <= out.byteSize(); b += 4) {
            if (b >= d.outOff && b < end) continue;
            if (out.get(F32, b) != GUARD) {
                failures.add(where + " wrote outside the output at byte " + b);
                return;
            }
        }
    }

    @Test
    void bf16RoundingIsExactAndIdempotentOnTies() {
        // x·w lands exactly on bf16 ties: 1 + 2^-8 (tie, even → 1) and 1 + 3·2^-8 (tie → 1 + 2^-6).
        try (Arena arena = Arena.ofShared()) {
            for (boolean vector : new boolean[] {false, true}) {
                for (int m : new int[] {1, 40}) {
                    MemorySegment x = arena.allocate(4L * m), w = arena.allocate(8), out = arena.allocate(8L * m);
                    for (int i = 0; i < m; i++) x.set(F32, 4L * i, 1f);
                    w.set(F32, 0, 1f + 0x1p-8f);
                    w.set(F32, 4, 1f + 3 * 0x1p-8f);
                    Gemm.matmul(x, 0, w, 0, DType.F32, null, null, 0, out, 0, m, 2, 1, true, vector);
                    for (int i = 0; i < m; i++) {
                        assertEquals(1f, out.get(F32, 8L * i), "vector=" + vector);
                        assertEquals(1f + 0x1p-6f, out.get(F32, 8L * i + 4), "vector=" + vector);
                    }
                }
            }
        }
    }

    @Test
    void nanAndInfinityPropagate() {
        try (Arena arena = Arena.ofShared()) {
            for (boolean vector : new boolean[] {false, true}) {
                int m = 20, n = 3, k = 5;
                MemorySegment x = arena.allocate(4L * m * k), w = arena.allocate(4L * n * k), out = arena.allocate(4L * m * n);
                for (long e = 0; e < (long) n * k; e++) w.setAtIndex(F32, e, 1f);
                x.setAtIndex(F32, 2, Float.NaN);       // row 0
                x.setAtIndex(F32, k + 1, Float.POSITIVE_INFINITY); // row 1
                for (boolean bf16 : new boolean[] {false, true}) {
                    Gemm.matmul(x, 0, w, 0, DType.F32, null, null, 0, out, 0, m, n, k, bf16, vector);
                    for (int j = 0; j < n; j++) {
                        assertTrue(Float.isNaN(out.getAtIndex(F32, j)), "NaN row, vector=" + vector + " bf16=" + bf16);
                        assertEquals(Float.POSITIVE_INFINITY, out.getAtIndex(F32, n + j), "inf row, vector=" + vector);
                        assertEquals(0f, out.getAtIndex(F32, 2L * n + j), "zero row, vector=" + vector);
                    }
                }
            }
        }
    }

    @Test
    void rejectsMissingFp8Scales() {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment s = arena.allocate(64);
            assertThrows(IllegalArgumentException.class,
                    () -> Gemm.matmul(s, 0, s, 0, DType.F8_E4M3, new float[2], null, 0, s, 0, 1, 3, 1, false, true));
        }
    }
}
