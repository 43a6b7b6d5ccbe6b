package dev.gallop.engine.backend.cuda.blas;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.gallop.engine.backend.cuda.ffm.CheckedCalls;
import dev.gallop.engine.backend.cuda.ffm.MissingLibraryException;
import dev.gallop.engine.backend.cuda.ffm.NativeLibrary;
import dev.gallop.engine.backend.cuda.ffm.Symbols;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

/// Hand-written java.lang.foreign bindings to cuBLASLt (libcublasLt.so.13 or .12): handle, matmul descriptor,
/// matrix layouts, preferences, heuristic algorithm selection and cublasLtMatmul. [LtMatmul] builds plans on top.
public final class CublasLt {
    // cudaDataType_t (library_types.h)
    public static final int R_32F = 0, R_16F = 2, R_16BF = 14, R_8F_E4M3 = 28;
    // cublasComputeType_t, cublasOperation_t
    public static final int COMPUTE_32F = 68, OP_N = 0, OP_T = 1;
    // cublasLtMatmulDescAttributes_t
    public static final int DESC_TRANSA = 3, DESC_TRANSB = 4, DESC_EPILOGUE = 7, DESC_BIAS_POINTER = 8,
            DESC_A_SCALE_POINTER = 17, DESC_B_SCALE_POINTER = 18, DESC_FAST_ACCUM = 25, DESC_BIAS_DATA_TYPE = 26;
    // cublasLtEpilogue_t
    public static final int EPILOGUE_DEFAULT = 1, EPILOGUE_BIAS = 4, EPILOGUE_GELU = 32, EPILOGUE_GELU_BIAS = 36;
    // cublasLtMatmulPreferenceAttributes_t
    public static final int PREF_MAX_WORKSPACE_BYTES = 1;

    /// cublasLtMatmulHeuristicResult_t: algo (8 × uint64), size_t workspaceSize, cublasStatus_t state,
    /// float wavesCount, int reserved[4] — 96 bytes.
    public static final StructLayout HEURISTIC_RESULT = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(8, JAVA_LONG).withName("algo"), JAVA_LONG.withName("workspaceSize"),
            JAVA_INT.withName("state"), JAVA_FLOAT.withName("wavesCount"), MemoryLayout.sequenceLayout(4, JAVA_INT).withName("reserved"));

    /// Offsets inside a heuristic result: the workspace size and the state.
    public static final long WORKSPACE_OFFSET = 64, STATE_OFFSET = 72;

    private final NativeLibrary library;
    private final CheckedCalls calls = new CheckedCalls(CublasStatus::check);
    private final MethodHandle create, getVersion, descCreate, descSet, descDestroy, layoutCreate, layoutDestroy,
            prefCreate, prefSet, prefDestroy, heuristic, matmul;

    private CublasLt(NativeLibrary library) throws MissingLibraryException {
        this.library = library;
        Symbols s = new Symbols(library);
        create = s.fn(FunctionDescriptor.of(JAVA_INT, ADDRESS), "cublasLtCreate");
        getVersion = s.fn(FunctionDescriptor.of(JAVA_LONG), "cublasLtGetVersion");
        descCreate = s.fn(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), "cublasLtMatmulDescCreate");
        descSet = s.fn(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG), "cublasLtMatmulDescSetAttribute");
        descDestroy = s.fn(FunctionDescriptor.of(JAVA_INT, ADDRESS), "cublasLtMatmulDescDestroy");
        layoutCreate = s.fn(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG), "cublasLtMatrixLayoutCreate");
        layoutDestroy = s.fn(FunctionDescriptor.of(JAVA_INT, ADDRESS), "cublasLtMatrixLayoutDestroy");
        prefCreate = s.fn(FunctionDescriptor.of(JAVA_INT, ADDRESS), "cublasLtMatmulPreferenceCreate");
        prefSet = s.fn(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG), "cublasLtMatmulPreferenceSetAttribute");
        prefDestroy = s.fn(FunctionDescriptor.of(JAVA_INT, ADDRESS), "cublasLtMatmulPreferenceDestroy");
        heuristic = s.fn(FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT,
                ADDRESS, ADDRESS), "cublasLtMatmulAlgoGetHeuristic");
        // handle, desc, alpha, A, Adesc, B, Bdesc, beta, C, Cdesc, D, Ddesc, algo, workspace, workspaceSize, stream
        matmul = s.fn(FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS,
                ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS), "cublasLtMatmul");
    }

    /// Binds an already loaded library (a specific file, or a stand-in in tests).
    public static CublasLt bind(NativeLibrary lib) throws MissingLibraryException { return new CublasLt(lib); }

    public static CublasLt load() throws MissingLibraryException {
        NativeLibrary lib = NativeLibrary.load("cuBLASLt", NativeLibrary.cublasLtNames(),
                "Install the CUDA toolkit's cuBLAS (libcublas 12 or 13), e.g. the nvidia-cublas pip package or the "
                        + "libcublaslt package of your distribution", Arena.global());
        return new CublasLt(lib);
    }

    public NativeLibrary library() { return library; }

    /// cuBLASLt's version as major·10000 + minor·100 + patch (130100 = 13.1.0).
    public long version() {
        try { return (long) getVersion.invokeExact(); } catch (Throwable t) { throw CheckedCalls.unchecked(t); }
    }

    public MemorySegment createHandle() { return calls.address("cublasLtCreate", v -> (int) create.invokeExact(v)); }

    public MemorySegment createMatmulDesc(int computeType, int scaleType) {
        return calls.address("cublasLtMatmulDescCreate", v -> (int) descCreate.invokeExact(v, computeType, scaleType));
    }

    public void setDescInt(MemorySegment desc, int attribute, int value) {
        try (Arena a = Arena.ofConfined()) {
            setDesc(desc, attribute, a.allocateFrom(JAVA_INT, value));
        }
    }

    /// Sets a pointer-valued attribute (bias, scale pointers): the value is a device address.
    public void setDescPointer(MemorySegment desc, int attribute, long devicePointer) {
        try (Arena a = Arena.ofConfined()) {
            setDesc(desc, attribute, a.allocateFrom(JAVA_LONG, devicePointer));
        }
    }

    private void setDesc(MemorySegment desc, int attribute, MemorySegment value) {
        calls.run("cublasLtMatmulDescSetAttribute(" + attribute + ")", () -> (int) descSet.invokeExact(desc, attribute, value, value.byteSize()));
    }

    public void destroyDesc(MemorySegment desc) { calls.run("cublasLtMatmulDescDestroy", () -> (int) descDestroy.invokeExact(desc)); }

    /// A column-major `rows × cols` layout of `type` with leading dimension `ld` (elements).
    public MemorySegment createLayout(int type, long rows, long cols, long ld) {
        return calls.address("cublasLtMatrixLayoutCreate(" + rows + "x" + cols + ", ld " + ld + ")",
                v -> (int) layoutCreate.invokeExact(v, type, rows, cols, ld));
    }

    public void destroyLayout(MemorySegment layout) {
        calls.run("cublasLtMatrixLayoutDestroy", () -> (int) layoutDestroy.invokeExact(layout));
    }

    public MemorySegment createPreference(long maxWorkspaceBytes) {
        MemorySegment pref = calls.address("cublasLtMatmulPreferenceCreate", v -> (int) prefCreate.invokeExact(v));
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ws = a.allocateFrom(JAVA_LONG, maxWorkspaceBytes);
            calls.run("cublasLtMatmulPreferenceSetAttribute", () -> (int) prefSet.invokeExact(pref, PREF_MAX_WORKSPACE_BYTES, ws, 8L));
        }
        return pref;
    }

    public void destroyPreference(MemorySegment pref) {
        calls.run("cublasLtMatmulPreferenceDestroy", () -> (int) prefDestroy.invokeExact(pref));
    }

    /// Up to `requested` heuristic results (fastest first) into `results` (an array of [#HEURISTIC_RESULT]);
    /// returns how many were written.
    public int heuristic(MemorySegment handle, MemorySegment desc, MemorySegment a, MemorySegment b, MemorySegment c,
                         MemorySegment d, MemorySegment pref, int requested, MemorySegment results) {
        return calls.int32("cublasLtMatmulAlgoGetHeuristic",
                n -> (int) heuristic.invokeExact(handle, desc, a, b, c, d, pref, requested, results, n));
    }

    /// D = alpha·op(A)·op(B) + beta·C on `stream`; alpha/beta point to host f32 scalars, `algo` to a heuristic result.
    public void matmul(MemorySegment handle, MemorySegment desc, MemorySegment alpha, long a, MemorySegment aDesc, long b,
                       MemorySegment bDesc, MemorySegment beta, long c, MemorySegment cDesc, long d, MemorySegment dDesc,
                       MemorySegment algo, long workspace, long workspaceBytes, MemorySegment stream) {
        calls.run("cublasLtMatmul", () -> (int) matmul.invokeExact(handle, desc, alpha, MemorySegment.ofAddress(a), aDesc,
                MemorySegment.ofAddress(b), bDesc, beta, MemorySegment.ofAddress(c), cDesc, MemorySegment.ofAddress(d), dDesc, algo,
                MemorySegment.ofAddress(workspace), workspaceBytes, stream));
    }
}
