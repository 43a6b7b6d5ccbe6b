package dev.gallop.engine.backend.cuda.dnn;

import static dev.gallop.engine.backend.cuda.dnn.CudnnStatus.check;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.gallop.engine.backend.cuda.ffm.CheckedCalls;
import dev.gallop.engine.backend.cuda.ffm.MissingLibraryException;
import dev.gallop.engine.backend.cuda.ffm.NativeLibrary;
import dev.gallop.engine.backend.cuda.ffm.Symbols;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/// Hand-written java.lang.foreign bindings to cuDNN 9's handle and backend (graph) API: create, set attributes,
/// finalize, get attributes, execute. [SdpaPlan] builds the fused attention graph from these. Constants are
/// cudnn_graph.h's enum values.
public final class Cudnn {
    // cudnnBackendAttributeType_t
    public static final int TYPE_HANDLE = 0, TYPE_DATA_TYPE = 1, TYPE_BOOLEAN = 2, TYPE_INT64 = 3, TYPE_FLOAT = 4,
            TYPE_VOID_PTR = 6, TYPE_HEUR_MODE = 8, TYPE_POINTWISE_MODE = 14, TYPE_BACKEND_DESCRIPTOR = 15,
            TYPE_REDUCTION_OPERATOR_TYPE = 18;
    // cudnnBackendDescriptorType_t
    public static final int POINTWISE_DESCRIPTOR = 0, ENGINECFG_DESCRIPTOR = 3, ENGINEHEUR_DESCRIPTOR = 4,
            EXECUTION_PLAN_DESCRIPTOR = 5, OPERATION_POINTWISE_DESCRIPTOR = 13, OPERATIONGRAPH_DESCRIPTOR = 15,
            VARIANT_PACK_DESCRIPTOR = 16, TENSOR_DESCRIPTOR = 17, MATMUL_DESCRIPTOR = 18, OPERATION_MATMUL_DESCRIPTOR = 19,
            REDUCTION_DESCRIPTOR = 21, OPERATION_REDUCTION_DESCRIPTOR = 22;
    // cudnnBackendAttributeName_t
    public static final int ATTR_POINTWISE_MODE = 0, ATTR_POINTWISE_MATH_PREC = 1,
            ATTR_ENGINEHEUR_MODE = 200, ATTR_ENGINEHEUR_OPERATION_GRAPH = 201, ATTR_ENGINEHEUR_RESULTS = 202,
            ATTR_EXECUTION_PLAN_HANDLE = 400, ATTR_EXECUTION_PLAN_ENGINE_CONFIG = 401, ATTR_EXECUTION_PLAN_WORKSPACE_SIZE = 402,
            ATTR_OPERATION_POINTWISE_PW_DESCRIPTOR = 750, ATTR_OPERATION_POINTWISE_XDESC = 751,
            ATTR_OPERATION_POINTWISE_BDESC = 752, ATTR_OPERATION_POINTWISE_YDESC = 753,
            ATTR_OPERATIONGRAPH_HANDLE = 800, ATTR_OPERATIONGRAPH_OPS = 801,
            ATTR_TENSOR_BYTE_ALIGNMENT = 900, ATTR_TENSOR_DATA_TYPE = 901, ATTR_TENSOR_DIMENSIONS = 902,
            ATTR_TENSOR_STRIDES = 903, ATTR_TENSOR_UNIQUE_ID = 906, ATTR_TENSOR_IS_VIRTUAL = 907, ATTR_TENSOR_IS_BY_VALUE = 908,
            ATTR_VARIANT_PACK_UNIQUE_IDS = 1000, ATTR_VARIANT_PACK_DATA_POINTERS = 1001, ATTR_VARIANT_PACK_WORKSPACE = 1003,
            ATTR_MATMUL_COMP_TYPE = 1500, ATTR_OPERATION_MATMUL_ADESC = 1520, ATTR_OPERATION_MATMUL_BDESC = 1521,
            ATTR_OPERATION_MATMUL_CDESC = 1522, ATTR_OPERATION_MATMUL_DESC = 1523,
            ATTR_REDUCTION_OPERATOR = 1600, ATTR_REDUCTION_COMP_TYPE = 1601,
            ATTR_OPERATION_REDUCTION_XDESC = 1610, ATTR_OPERATION_REDUCTION_YDESC = 1611, ATTR_OPERATION_REDUCTION_DESC = 1612;
    // cudnnDataType_t, cudnnPointwiseMode_t, cudnnReduceTensorOp_t, cudnnBackendHeurMode_t
    public static final int DATA_FLOAT = 0, DATA_HALF = 2, DATA_BFLOAT16 = 9, DATA_FP8_E4M3 = 12;
    public static final int PW_ADD = 0, PW_MUL = 1, PW_DIV = 6, PW_SUB = 9, PW_EXP = 13;
    public static final int REDUCE_ADD = 0, REDUCE_MAX = 3;
    public static final int HEUR_MODE_INSTANT = 0, HEUR_MODE_A = 3;

    private final NativeLibrary library;
    private final CheckedCalls calls = new CheckedCalls(CudnnStatus::check);
    private final MethodHandle getVersion, create, destroy, setStream, backendCreate, backendDestroy, backendFinalize,
            backendSet, backendGet, backendExecute;

    private Cudnn(NativeLibrary library) throws MissingLibraryException {
        this.library = library;
        Symbols s = new Symbols(library);
        getVersion = s.fn(FunctionDescriptor.of(JAVA_LONG), "cudnnGetVersion");
        create = s.fn(FunctionDescriptor.of(JAVA_INT, ADDRESS), "cudnnCreate");
        destroy = s.fn(FunctionDescriptor.of(JAVA_INT, ADDRESS), "cudnnDestroy");
        setStream = s.fn(FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS), "cudnnSetStream");
        backendCreate = s.fn(FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS), "cudnnBackendCreateDescriptor");
        backendDestroy = s.fn(FunctionDescriptor.of(JAVA_INT, ADDRESS), "cudnnBackendDestroyDescriptor");
        backendFinalize = s.fn(FunctionDescriptor.of(JAVA_INT, ADDRESS), "cudnnBackendFinalize");
        backendSet = s.fn(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), "cudnnBackendSetAttribute");
        backendGet = s.fn(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS), "cudnnBackendGetAttribute");
        backendExecute = s.fn(FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS), "cudnnBackendExecute");
    }

    /// Binds an already loaded library (a specific file, or a stand-in in tests).
    public static Cudnn bind(NativeLibrary lib) throws MissingLibraryException { return new Cudnn(lib); }

    public static Cudnn load() throws MissingLibraryException {
        NativeLibrary lib = NativeLibrary.load("cuDNN 9", NativeLibrary.cudnnNames(),
                "Install cuDNN 9 (e.g. the nvidia-cudnn-cu12/-cu13 pip package) and put its lib folder on LD_LIBRARY_PATH; "
                        + "without it attention runs on Gallop's own kernel", Arena.global());
        return new Cudnn(lib);
    }

    public NativeLibrary library() { return library; }

    /// cuDNN's version as major·10000 + minor·100 + patch (90800 = 9.8.0).
    public long version() {
        try { return (long) getVersion.invokeExact(); } catch (Throwable t) { throw CheckedCalls.unchecked(t); }
    }

    public MemorySegment createHandle(MemorySegment stream) {
        MemorySegment h = calls.address("cudnnCreate", v -> (int) create.invokeExact(v));
        calls.run("cudnnSetStream", () -> (int) setStream.invokeExact(h, stream));
        return h;
    }

    public void destroyHandle(MemorySegment handle) { calls.run("cudnnDestroy", () -> (int) destroy.invokeExact(handle)); }

    public MemorySegment create(int descriptorType) {
        return calls.address("cudnnBackendCreateDescriptor(" + descriptorType + ")", v -> (int) backendCreate.invokeExact(descriptorType, v));
    }

    public void destroy(MemorySegment desc) { calls.run("cudnnBackendDestroyDescriptor", () -> (int) backendDestroy.invokeExact(desc)); }

    /// Finalizes a descriptor; returns the status instead of throwing (engine configs are tried until one finalizes).
    public int tryFinalize(MemorySegment desc) {
        try { return (int) backendFinalize.invokeExact(desc); } catch (Throwable t) { throw CheckedCalls.unchecked(t); }
    }

    public void finalizeDescriptor(MemorySegment desc, String what) { check(tryFinalize(desc), "cudnnBackendFinalize(" + what + ")"); }

    /// Sets an attribute from `count` elements of `type` at `values`.
    public void set(MemorySegment desc, int attribute, int type, long count, MemorySegment values) {
        calls.run("cudnnBackendSetAttribute(" + attribute + ")", () -> (int) backendSet.invokeExact(desc, attribute, type, count, values));
    }

    public void setInt64s(MemorySegment desc, int attribute, long... values) {
        try (Arena a = Arena.ofConfined()) {
            set(desc, attribute, TYPE_INT64, values.length, a.allocateFrom(JAVA_LONG, values));
        }
    }

    /// An enum-typed attribute (data type, pointwise mode, reduction operator, heuristic mode): a 32-bit value.
    public void setEnum(MemorySegment desc, int attribute, int type, int value) {
        try (Arena a = Arena.ofConfined()) {
            set(desc, attribute, type, 1, a.allocateFrom(JAVA_INT, value));
        }
    }

    public void setBoolean(MemorySegment desc, int attribute, boolean value) {
        try (Arena a = Arena.ofConfined()) {
            set(desc, attribute, TYPE_BOOLEAN, 1, a.allocateFrom(JAVA_BYTE, (byte) (value ? 1 : 0)));
        }
    }

    public void setDescriptors(MemorySegment desc, int attribute, MemorySegment... values) {
        setAddresses(desc, attribute, TYPE_BACKEND_DESCRIPTOR, values);
    }

    public void setHandle(MemorySegment desc, int attribute, MemorySegment handle) { setAddresses(desc, attribute, TYPE_HANDLE, handle); }

    public void setPointers(MemorySegment desc, int attribute, MemorySegment... pointers) {
        setAddresses(desc, attribute, TYPE_VOID_PTR, pointers);
    }

    /// An attribute whose elements are addresses (descriptors, handles, pointers), passed as an array of them.
    private void setAddresses(MemorySegment desc, int attribute, int type, MemorySegment... values) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment arr = a.allocate(ADDRESS, values.length);
            for (int i = 0; i < values.length; i++) arr.setAtIndex(ADDRESS, i, values[i]);
            set(desc, attribute, type, values.length, arr);
        }
    }

    /// Reads up to `requested` elements of an attribute into `out`; returns how many the descriptor holds.
    public long get(MemorySegment desc, int attribute, int type, long requested, MemorySegment out) {
        return calls.int64("cudnnBackendGetAttribute(" + attribute + ")", n -> (int) backendGet.invokeExact(desc, attribute, type, requested, n, out));
    }

    public void execute(MemorySegment handle, MemorySegment plan, MemorySegment variantPack) {
        calls.run("cudnnBackendExecute", () -> (int) backendExecute.invokeExact(handle, plan, variantPack));
    }
}
