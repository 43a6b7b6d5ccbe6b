package dev.gallop.engine.backend.cuda.ffm;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gallop.engine.backend.cuda.blas.CublasStatus;
import dev.gallop.engine.backend.cuda.dnn.CudnnStatus;
import dev.gallop.engine.backend.cuda.driver.CuResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusCodesTest {
    @Test void driverErrorsNameTheCallTheErrorAndAHint() {
        assertDoesNotThrow(() -> CuResult.check(0, "cuInit"));
        CudaException e = assertThrows(CudaException.class, () -> CuResult.check(2, "cuMemAlloc_v2(1024 bytes)"));
        assertEquals("cuMemAlloc_v2(1024 bytes) failed: CUDA_ERROR_OUT_OF_MEMORY (2): the GPU is out of memory", e.getMessage());
        assertEquals("CUDA_ERROR_OUT_OF_MEMORY", e.status());
        assertEquals(2, e.code());
        assertEquals("cuMemAlloc_v2(1024 bytes)", e.call());
        e = assertThrows(CudaException.class, () -> CuResult.check(100, "cuInit"));
        assertEquals("cuInit failed: CUDA_ERROR_NO_DEVICE (100): no CUDA-capable GPU is visible (check nvidia-smi, CUDA_VISIBLE_DEVICES)",
                e.getMessage());
        assertEquals("cuLaunchKernel(rope_f32) failed: CUDA_ERROR_ILLEGAL_ADDRESS (700)",
                assertThrows(CudaException.class, () -> CuResult.check(700, "cuLaunchKernel(rope_f32)")).getMessage());
        assertEquals("CUresult 4242", CuResult.name(4242));
    }

    @Test void cublasStatusesAreNamed() {
        assertDoesNotThrow(() -> CublasStatus.check(0, "cublasLtMatmul"));
        CudaException e = assertThrows(CudaException.class, () -> CublasStatus.check(15, "cublasLtMatmul"));
        assertEquals("cublasLtMatmul failed: CUBLAS_STATUS_NOT_SUPPORTED (15): no kernel supports this combination of types, "
                + "layouts and epilogue", e.getMessage());
        assertEquals("CUBLAS_STATUS_EXECUTION_FAILED", CublasStatus.name(13));
        assertEquals("cublasStatus_t 99", CublasStatus.name(99));
    }

    @Test void cudnnStatusesFallBackToTheirCategory() {
        assertEquals("CUDNN_STATUS_NOT_SUPPORTED_SHAPE", CudnnStatus.name(3002));
        assertEquals("CUDNN_STATUS_NOT_SUPPORTED (3099)", CudnnStatus.name(3099));
        assertEquals("CUDNN_STATUS_BAD_PARAM (2999)", CudnnStatus.name(2999));
        assertEquals("cudnnStatus_t 9001", CudnnStatus.name(9001));
        CudaException e = assertThrows(CudaException.class, () -> CudnnStatus.check(3001, "cudnnBackendFinalize(SDPA operation graph)"));
        assertEquals("cudnnBackendFinalize(SDPA operation graph) failed: CUDNN_STATUS_NOT_SUPPORTED_GRAPH_PATTERN (3001)", e.getMessage());
    }

    @Test void tablesParseNamesAndValues() {
        StatusNames t = new StatusNames("t_status", "A=1 B=2\n  C=2", Map.of(2, "try again"));
        assertEquals("A", t.name(1));
        assertEquals("B", t.name(2), "the first name of a value wins");
        assertNull(t.name(7));
        assertEquals("t_status 7", t.nameOrNumber(7));
        assertEquals(3, t.entries().size());
        assertEquals(2, t.entries().get("C"));
        assertDoesNotThrow(() -> t.check(0, "f"));
        assertEquals("f failed: B (2): try again", assertThrows(CudaException.class, () -> t.check(2, "f")).getMessage());
        assertEquals("g failed: A (1)", assertThrows(CudaException.class, () -> t.check(1, "g")).getMessage());
    }
}
