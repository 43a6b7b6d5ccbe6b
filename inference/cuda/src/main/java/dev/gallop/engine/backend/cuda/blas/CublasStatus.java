package dev.gallop.engine.backend.cuda.blas;

import dev.gallop.engine.backend.cuda.ffm.StatusNames;
import java.util.Map;

/// `cublasStatus_t` (cublas_api.h; the same in CUDA 12 and 13).
public final class CublasStatus {
    private CublasStatus() {}

    public static final StatusNames NAMES = new StatusNames("cublasStatus_t", """
            CUBLAS_STATUS_SUCCESS=0 CUBLAS_STATUS_NOT_INITIALIZED=1 CUBLAS_STATUS_ALLOC_FAILED=3
            CUBLAS_STATUS_INVALID_VALUE=7 CUBLAS_STATUS_ARCH_MISMATCH=8 CUBLAS_STATUS_MAPPING_ERROR=11
            CUBLAS_STATUS_EXECUTION_FAILED=13 CUBLAS_STATUS_INTERNAL_ERROR=14 CUBLAS_STATUS_NOT_SUPPORTED=15
            CUBLAS_STATUS_LICENSE_ERROR=16
            """, Map.of(
            3, "cuBLASLt could not allocate memory (GPU out of memory?)",
            7, "an argument, layout or attribute is not valid for this call",
            8, "the GPU lacks a feature this GEMM needs (fp8 needs sm_89 or newer)",
            15, "no kernel supports this combination of types, layouts and epilogue"));

    public static String name(int code) { return NAMES.nameOrNumber(code); }

    public static void check(int code, String call) { NAMES.check(code, call); }
}
