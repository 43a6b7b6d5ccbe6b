package dev.gallop.engine.backend.cuda.blas;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.gallop.engine.backend.cuda.ffm.CudaException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/// One cuBLASLt GEMM, planned once per shape and reused: in the engine's row-major terms
/// `out[M, N] = x[M, K] · w[N, K]ᵀ (+ bias[N]) (+ out, with accumulate)`, f32 accumulation, f32 scale.
/// cuBLASLt is column-major, so this is D(N×M) = Wᵀ·X with A = w (K×N, ld ldw, transposed) and B = x (K×M, ld ldx):
/// the "TN" form that fp8 e4m3 GEMMs require. The algorithm is the heuristic's first choice for the workspace given.
public final class LtMatmul implements AutoCloseable {

    /// The shape and types a plan is built for. Types are cudaDataType_t values ([CublasLt#R_16BF] ...).
    /// @param epilogue   [CublasLt#EPILOGUE_DEFAULT], [CublasLt#EPILOGUE_BIAS] or [CublasLt#EPILOGUE_GELU_BIAS]
    /// @param accumulate beta = 1 with C = D = out (a residual add folded into the GEMM), else beta = 0
    public record Key(int typeX, int typeW, int typeOut, long m, long n, long k, long ldx, long ldw, long ldo, int epilogue,
                      int biasType, boolean accumulate) {
        public Key {
            if (m <= 0 || n <= 0 || k <= 0) throw new IllegalArgumentException("GEMM needs positive M, N, K, got " + m + ", " + n + ", " + k);
            if (ldx < k || ldw < k || ldo < n) {
                throw new IllegalArgumentException("GEMM leading dimensions too small: ldx " + ldx + ", ldw " + ldw + " (K " + k
                        + "), ldo " + ldo + " (N " + n + ")");
            }
        }

        public static Key simple(int typeX, int typeW, int typeOut, long m, long n, long k) {
            return new Key(typeX, typeW, typeOut, m, n, k, k, k, n, CublasLt.EPILOGUE_DEFAULT, -1, false);
        }
    }

    private final CublasLt lt;
    private final MemorySegment handle;
    private final Key key;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment desc, aDesc, bDesc, dDesc, alpha, beta, algo;
    private final long workspaceBytes;

    public LtMatmul(CublasLt lt, MemorySegment handle, Key key, long maxWorkspaceBytes) {
        this.lt = lt;
        this.handle = handle;
        this.key = key;
        desc = lt.createMatmulDesc(CublasLt.COMPUTE_32F, CublasLt.R_32F);
        lt.setDescInt(desc, CublasLt.DESC_TRANSA, CublasLt.OP_T);
        lt.setDescInt(desc, CublasLt.DESC_TRANSB, CublasLt.OP_N);
        if (key.epilogue() != CublasLt.EPILOGUE_DEFAULT) lt.setDescInt(desc, CublasLt.DESC_EPILOGUE, key.epilogue());
        if (key.biasType() >= 0) lt.setDescInt(desc, CublasLt.DESC_BIAS_DATA_TYPE, key.biasType());
        aDesc = lt.createLayout(key.typeW(), key.k(), key.n(), key.ldw());
        bDesc = lt.createLayout(key.typeX(), key.k(), key.m(), key.ldx());
        dDesc = lt.createLayout(key.typeOut(), key.n(), key.m(), key.ldo());
        alpha = arena.allocate(JAVA_FLOAT);
        alpha.set(JAVA_FLOAT, 0, 1f);
        beta = arena.allocate(JAVA_FLOAT);
        beta.set(JAVA_FLOAT, 0, key.accumulate() ? 1f : 0f);
        MemorySegment pref = lt.createPreference(maxWorkspaceBytes);
        try {
            MemorySegment results = arena.allocate(CublasLt.HEURISTIC_RESULT, 1);
            int found = lt.heuristic(handle, desc, aDesc, bDesc, dDesc, dDesc, pref, 1, results);
            int state = results.get(JAVA_INT, CublasLt.STATE_OFFSET);
            if (found < 1 || state != 0) {
                throw new CudaException("cublasLtMatmulAlgoGetHeuristic", state, CublasStatus.name(state),
                        "no algorithm for " + describe() + " within " + maxWorkspaceBytes + " bytes of workspace");
            }
            algo = results;
            workspaceBytes = results.get(JAVA_LONG, CublasLt.WORKSPACE_OFFSET);
        } finally {
            lt.destroyPreference(pref);
        }
    }

    public Key key() { return key; }

    /// Workspace the chosen algorithm needs (at most the maximum given at planning).
    public long workspaceBytes() { return workspaceBytes; }

    /// Enqueues the GEMM. `bias` is a device pointer (0 when the epilogue takes none).
    public void run(long x, long w, long out, long bias, long workspace, MemorySegment stream) {
        if (bias != 0) lt.setDescPointer(desc, CublasLt.DESC_BIAS_POINTER, bias);
        lt.matmul(handle, desc, alpha, w, aDesc, x, bDesc, beta, out, dDesc, out, dDesc, algo, workspace, workspaceBytes, stream);
    }

    public double flops() { return 2.0 * key.m() * key.n() * key.k(); }

    public String describe() {
        return "GEMM M=" + key.m() + " N=" + key.n() + " K=" + key.k() + " (x type " + key.typeX() + ", w type " + key.typeW()
                + ", out type " + key.typeOut() + ", epilogue " + key.epilogue() + (key.accumulate() ? ", accumulate" : "") + ")";
    }

    @Override public void close() {
        lt.destroyLayout(aDesc);
        lt.destroyLayout(bDesc);
        lt.destroyLayout(dDesc);
        lt.destroyDesc(desc);
        arena.close();
    }
}
