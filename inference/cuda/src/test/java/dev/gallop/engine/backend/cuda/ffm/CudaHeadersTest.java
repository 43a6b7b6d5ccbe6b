package dev.gallop.engine.backend.cuda.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gallop.engine.backend.cuda.blas.CublasLt;
import dev.gallop.engine.backend.cuda.blas.CublasStatus;
import dev.gallop.engine.backend.cuda.dnn.Cudnn;
import dev.gallop.engine.backend.cuda.dnn.CudnnStatus;
import dev.gallop.engine.backend.cuda.driver.CuResult;
import dev.gallop.engine.backend.cuda.driver.CudaDriver;
import dev.gallop.engine.backend.cuda.driver.Memcpy2D;
import java.lang.foreign.MemoryLayout;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The bindings' constants, status tables and struct layouts against the C headers, compiled with gcc. cuda.h and
/// library_types.h come with nvcc; cublasLt.h and cudnn_graph.h only with cuBLAS / cuDNN development files (give
/// their folders with -Dgallop.cuda.include=DIR:DIR); a missing header skips that part, naming it.
class CudaHeadersTest {

    private static void assumeHeader(String header) {
        assumeTrue(CHeaders.gccPresent(), "gcc is not installed");
        assumeTrue(CHeaders.find(header).isPresent(), header + " not found in " + CHeaders.includeDirs()
                + " (install the CUDA toolkit / development headers or pass -Dgallop.cuda.include=DIR)");
    }

    private static void compare(Map<String, Long> expected, Map<String, String> expressions, List<String> headers, Path dir) throws Exception {
        Map<String, Long> actual = CHeaders.evaluate(headers, expressions, dir);
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Long> e : expected.entrySet()) {
            Long a = actual.get(e.getKey());
            if (!e.getValue().equals(a)) wrong.add(e.getKey() + ": Java " + e.getValue() + ", header " + a);
        }
        assertEquals(List.of(), wrong, "constants that differ from " + headers);
    }

    @Test void cuResultTableMatchesCudaH(@TempDir Path dir) throws Exception {
        assumeHeader("cuda.h");
        Map<String, Long> expected = new LinkedHashMap<>();
        Map<String, String> expr = new LinkedHashMap<>();
        CuResult.NAMES.entries().forEach((name, value) -> {
            expected.put(name, (long) value);
            expr.put(name, name);
        });
        compare(expected, expr, List.of("cuda.h"), dir);
    }

    @Test void driverConstantsAndTheMemcpy2DLayoutMatchCudaH(@TempDir Path dir) throws Exception {
        assumeHeader("cuda.h");
        Map<String, Long> expected = new LinkedHashMap<>();
        Map<String, String> expr = new LinkedHashMap<>();
        put(expected, expr, "CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT", CudaDriver.ATTR_MULTIPROCESSOR_COUNT);
        put(expected, expr, "CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR", CudaDriver.ATTR_CC_MAJOR);
        put(expected, expr, "CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR", CudaDriver.ATTR_CC_MINOR);
        put(expected, expr, "CU_STREAM_NON_BLOCKING", CudaDriver.STREAM_NON_BLOCKING);
        put(expected, expr, "CU_STREAM_CAPTURE_MODE_THREAD_LOCAL", CudaDriver.CAPTURE_MODE_THREAD_LOCAL);
        put(expected, expr, "CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES", CudaDriver.FUNC_MAX_DYNAMIC_SHARED_BYTES);
        put(expected, expr, "CU_MEMORYTYPE_HOST", Memcpy2D.HOST);
        put(expected, expr, "CU_MEMORYTYPE_DEVICE", Memcpy2D.DEVICE);
        expected.put("sizeof", Memcpy2D.LAYOUT.byteSize());
        expr.put("sizeof", "sizeof(CUDA_MEMCPY2D)");
        for (MemoryLayout m : Memcpy2D.LAYOUT.memberLayouts()) {
            if (m.name().isEmpty()) continue;
            String f = m.name().get();
            expected.put("offsetof." + f, Memcpy2D.LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement(f)));
            expr.put("offsetof." + f, "offsetof(CUDA_MEMCPY2D, " + f + ")");
        }
        compare(expected, expr, List.of("cuda.h"), dir);
    }

    @Test void cudaDataTypesMatchLibraryTypesH(@TempDir Path dir) throws Exception {
        assumeHeader("library_types.h");
        Map<String, Long> expected = new LinkedHashMap<>();
        Map<String, String> expr = new LinkedHashMap<>();
        constants(CublasLt.class, n -> n.startsWith("R_") ? "CUDA_" + n : null, expected, expr);
        compare(expected, expr, List.of("library_types.h"), dir);
    }

    @Test void cublasLtConstantsStatusesAndResultLayoutMatchCublasLtH(@TempDir Path dir) throws Exception {
        assumeHeader("cublasLt.h");
        Map<String, Long> expected = new LinkedHashMap<>();
        Map<String, String> expr = new LinkedHashMap<>();
        constants(CublasLt.class, n -> {
            if (n.startsWith("R_")) return "CUDA_" + n;
            if (n.startsWith("COMPUTE_") || n.startsWith("OP_")) return "CUBLAS_" + n;
            if (n.startsWith("DESC_") || n.startsWith("PREF_")) return "CUBLASLT_MATMUL_" + n;
            if (n.startsWith("EPILOGUE_")) return "CUBLASLT_" + n;
            return null;
        }, expected, expr);
        CublasStatus.NAMES.entries().forEach((name, value) -> put(expected, expr, name, value));
        expected.put("sizeof.result", CublasLt.HEURISTIC_RESULT.byteSize());
        expr.put("sizeof.result", "sizeof(cublasLtMatmulHeuristicResult_t)");
        expected.put("offsetof.workspaceSize", CublasLt.WORKSPACE_OFFSET);
        expr.put("offsetof.workspaceSize", "offsetof(cublasLtMatmulHeuristicResult_t, workspaceSize)");
        expected.put("offsetof.state", CublasLt.STATE_OFFSET);
        expr.put("offsetof.state", "offsetof(cublasLtMatmulHeuristicResult_t, state)");
        compare(expected, expr, List.of("cublasLt.h"), dir);
    }

    @Test void cudnnBackendConstantsAndStatusesMatchCudnnGraphH(@TempDir Path dir) throws Exception {
        assumeHeader("cudnn_graph.h");
        Map<String, Long> expected = new LinkedHashMap<>();
        Map<String, String> expr = new LinkedHashMap<>();
        constants(Cudnn.class, n -> {
            if (n.startsWith("PW_")) return "CUDNN_POINTWISE_" + n.substring(3);
            if (n.startsWith("REDUCE_")) return "CUDNN_REDUCE_TENSOR_" + n.substring(7);
            if (n.endsWith("_DESCRIPTOR") && !n.startsWith("ATTR_") && !n.startsWith("TYPE_")) return "CUDNN_BACKEND_" + n;
            return "CUDNN_" + n;
        }, expected, expr);
        CudnnStatus.NAMES.entries().forEach((name, value) -> put(expected, expr, name, value));
        compare(expected, expr, List.of("cudnn_graph.h"), dir);
    }

    private static void put(Map<String, Long> expected, Map<String, String> expr, String name, long value) {
        expected.put(name, value);
        expr.put(name, name);
    }

    /// Every public static final int of `cls`, under the C name `cName` gives (null: not from this header).
    private static void constants(Class<?> cls, Function<String, String> cName, Map<String, Long> expected, Map<String, String> expr)
            throws IllegalAccessException {
        for (Field f : cls.getFields()) {
            if (f.getType() != int.class || !Modifier.isStatic(f.getModifiers())) continue;
            String c = cName.apply(f.getName());
            if (c != null) put(expected, expr, c, f.getInt(null));
        }
    }
}
