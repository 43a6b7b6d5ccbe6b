package dev.gallop.engine.backend.cuda.blas;

import dev.gallop.engine.backend.cuda.ffm.CudaException;
import dev.gallop.engine.backend.cuda.ffm.StatusNames;

/// `cublasStatus_t` (cublas_api.h; the same in CUDA 12 and 13).
public final class CublasStatus {
    private CublasStatus() {}

    public static final StatusNames NAMES = new StatusNames("""
            CUBLAS_STATUS_SUCCESS=0 CUBLAS_STATUS_NOT_INITIALIZED=1 CUBLAS_STATUS_ALLOC_FAILED=3
            CUBLAS_STATUS_INVALID_VALUE=7 CUBLAS_STATUS_ARCH_MISMATCH=8 CUBLAS_STATUS_MAPPING_ERROR=11
            CUBLAS_STATUS_EXECUTION_FAILED=13 CUBLAS_STATUS_INTERNAL_ERROR=14 CUBLAS_STATUS_NOT_SUPPORTED=15
            CUBLAS_STATUS_LICENSE_ERROR=16
            """);

    public static String name(int code) {
        String n = NAMES.name(code);
        return n != null ? n : "cublasStatus_t " + code;
    }

    public static void check(int code, String call) {
        if (code == 0) return;
        String hint = switch (code) {
            case 3 -> "cuBLASLt could not allocate memory (GPU out of memory?)";
            case 7 -> "an argument, layout or attribute is not valid for this call";
            case 8 -> "the GPU lacks a feature this GEMM needs (fp8 needs sm_89 or newer)";
            case 15 -> "no kernel supports this combination of types, layouts and epilogue";
            default -> null;
        };
        throw new CudaException(call, code, name(code), hint);
    }
}
