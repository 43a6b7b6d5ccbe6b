package dev.gallop.engine.backend.cuda.driver;

import static dev.gallop.engine.backend.cuda.driver.CuResult.check;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.gallop.engine.backend.cuda.ffm.MissingLibraryException;
import dev.gallop.engine.backend.cuda.ffm.NativeLibrary;
import dev.gallop.engine.backend.cuda.ffm.Symbols;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/// Hand-written java.lang.foreign bindings to the CUDA driver API (libcuda): initialisation, devices, the primary
/// context, streams, events, memory (sync and async copies, pitched copies, memset), modules from fatbin/PTX images,
/// kernel launches and CUDA graphs (stream capture, instantiate, launch). Every call checks its CUresult and throws a
/// [dev.gallop.engine.backend.cuda.ffm.CudaException] naming the call and the error. Handles (contexts, streams,
/// events, modules, functions, graphs) are [MemorySegment] addresses; device pointers are `long`s.
public final class CudaDriver {
    /// CUdevice_attribute values (cuda.h).
    public static final int ATTR_MULTIPROCESSOR_COUNT = 16, ATTR_CC_MAJOR = 75, ATTR_CC_MINOR = 76;
    /// CUstream_flags, CUstreamCaptureMode, CUfunction_attribute values (cuda.h).
    public static final int STREAM_NON_BLOCKING = 1, CAPTURE_MODE_THREAD_LOCAL = 1, FUNC_MAX_DYNAMIC_SHARED_BYTES = 8;

    private static final FunctionDescriptor I_A = FunctionDescriptor.of(JAVA_INT, ADDRESS);
    private static final FunctionDescriptor I_AA = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS);
    private static final FunctionDescriptor I_AI = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT);

    private final NativeLibrary library;
    private final MethodHandle cuInit, cuDriverGetVersion, cuDeviceGetCount, cuDeviceGet, cuDeviceGetName, cuDeviceTotalMem,
            cuDeviceGetAttribute, cuDevicePrimaryCtxRetain, cuDevicePrimaryCtxRelease, cuCtxSetCurrent, cuCtxSynchronize,
            cuMemGetInfo, cuMemAlloc, cuMemFree, cuMemAllocHost, cuMemFreeHost, cuMemcpyHtoDAsync, cuMemcpyDtoHAsync,
            cuMemcpyDtoDAsync, cuMemsetD8Async, cuMemcpy2DAsync, cuStreamCreate, cuStreamDestroy, cuStreamSynchronize,
            cuEventCreate, cuEventRecord, cuEventSynchronize, cuEventElapsedTime, cuEventDestroy, cuModuleLoadData,
            cuModuleGetFunction, cuModuleUnload, cuFuncSetAttribute, cuLaunchKernel, cuStreamBeginCapture,
            cuStreamEndCapture, cuGraphInstantiate, cuGraphLaunch, cuGraphExecDestroy, cuGraphDestroy, cuGetErrorName;

    private CudaDriver(NativeLibrary library) throws MissingLibraryException {
        this.library = library;
        Symbols s = new Symbols(library);
        cuInit = s.fn(FunctionDescriptor.of(JAVA_INT, JAVA_INT), "cuInit");
        cuDriverGetVersion = s.fn(I_A, "cuDriverGetVersion");
        cuDeviceGetCount = s.fn(I_A, "cuDeviceGetCount");
        cuDeviceGet = s.fn(I_AI, "cuDeviceGet");
        cuDeviceGetName = s.fn(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), "cuDeviceGetName");
        cuDeviceTotalMem = s.fn(I_AI, "cuDeviceTotalMem_v2");
        cuDeviceGetAttribute = s.fn(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), "cuDeviceGetAttribute");
        cuDevicePrimaryCtxRetain = s.fn(I_AI, "cuDevicePrimaryCtxRetain");
        cuDevicePrimaryCtxRelease = s.fn(FunctionDescriptor.of(JAVA_INT, JAVA_INT), "cuDevicePrimaryCtxRelease_v2");
        cuCtxSetCurrent = s.fn(I_A, "cuCtxSetCurrent");
        cuCtxSynchronize = s.fn(FunctionDescriptor.of(JAVA_INT), "cuCtxSynchronize");
        cuMemGetInfo = s.fn(I_AA, "cuMemGetInfo_v2");
        cuMemAlloc = s.fn(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG), "cuMemAlloc_v2");
        cuMemFree = s.fn(FunctionDescriptor.of(JAVA_INT, JAVA_LONG), "cuMemFree_v2");
        cuMemAllocHost = s.fn(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG), "cuMemAllocHost_v2");
        cuMemFreeHost = s.fn(I_A, "cuMemFreeHost");
        cuMemcpyHtoDAsync = s.fn(FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS), "cuMemcpyHtoDAsync_v2");
        cuMemcpyDtoHAsync = s.fn(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS), "cuMemcpyDtoHAsync_v2");
        cuMemcpyDtoDAsync = s.fn(FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS), "cuMemcpyDtoDAsync_v2");
        cuMemsetD8Async = s.fn(FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_BYTE, JAVA_LONG, ADDRESS), "cuMemsetD8Async");
        cuMemcpy2DAsync = s.fn(I_AA, "cuMemcpy2DAsync_v2");
        cuStreamCreate = s.fn(I_AI, "cuStreamCreate");
        cuStreamDestroy = s.fn(I_A, "cuStreamDestroy_v2");
        cuStreamSynchronize = s.fn(I_A, "cuStreamSynchronize");
        cuEventCreate = s.fn(I_AI, "cuEventCreate");
        cuEventRecord = s.fn(I_AA, "cuEventRecord");
        cuEventSynchronize = s.fn(I_A, "cuEventSynchronize");
        cuEventElapsedTime = s.fn(FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS), "cuEventElapsedTime_v2", "cuEventElapsedTime");
        cuEventDestroy = s.fn(I_A, "cuEventDestroy_v2");
        cuModuleLoadData = s.fn(I_AA, "cuModuleLoadData");
        cuModuleGetFunction = s.fn(FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS), "cuModuleGetFunction");
        cuModuleUnload = s.fn(I_A, "cuModuleUnload");
        cuFuncSetAttribute = s.fn(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), "cuFuncSetAttribute");
        cuLaunchKernel = s.fn(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_INT, ADDRESS, ADDRESS, ADDRESS), "cuLaunchKernel");
        cuStreamBeginCapture = s.fn(I_AI, "cuStreamBeginCapture_v2");
        cuStreamEndCapture = s.fn(I_AA, "cuStreamEndCapture");
        cuGraphInstantiate = s.fn(FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG), "cuGraphInstantiateWithFlags");
        cuGraphLaunch = s.fn(I_AA, "cuGraphLaunch");
        cuGraphExecDestroy = s.fn(I_A, "cuGraphExecDestroy");
        cuGraphDestroy = s.fn(I_A, "cuGraphDestroy");
        cuGetErrorName = s.fn(FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS), "cuGetErrorName");
    }

    /// Loads libcuda (process-lifetime) and binds every function; throws naming what is missing.
    public static CudaDriver load() throws MissingLibraryException {
        NativeLibrary lib = NativeLibrary.load("the NVIDIA CUDA driver", NativeLibrary.driverNames(),
                "Install the NVIDIA driver (R580 or newer for kernels built with CUDA 13)", Arena.global());
        return new CudaDriver(lib);
    }

    public NativeLibrary library() { return library; }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }

    // ------------------------------------------------------------------ initialisation and devices

    public void init() {
        try { check((int) cuInit.invokeExact(0), "cuInit"); } catch (Throwable t) { throw rethrow(t); }
    }

    /// The driver's CUDA version as major·1000 + minor·10 (12040 = 12.4).
    public int driverVersion() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(JAVA_INT);
            check((int) cuDriverGetVersion.invokeExact(v), "cuDriverGetVersion");
            return v.get(JAVA_INT, 0);
        } catch (Throwable t) { throw rethrow(t); }
    }

    public int deviceCount() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(JAVA_INT);
            check((int) cuDeviceGetCount.invokeExact(v), "cuDeviceGetCount");
            return v.get(JAVA_INT, 0);
        } catch (Throwable t) { throw rethrow(t); }
    }

    public int device(int ordinal) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(JAVA_INT);
            check((int) cuDeviceGet.invokeExact(v, ordinal), "cuDeviceGet");
            return v.get(JAVA_INT, 0);
        } catch (Throwable t) { throw rethrow(t); }
    }

    public String deviceName(int device) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(256);
            check((int) cuDeviceGetName.invokeExact(v, 256, device), "cuDeviceGetName");
            return v.getString(0);
        } catch (Throwable t) { throw rethrow(t); }
    }

    public long totalMemory(int device) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(JAVA_LONG);
            check((int) cuDeviceTotalMem.invokeExact(v, device), "cuDeviceTotalMem_v2");
            return v.get(JAVA_LONG, 0);
        } catch (Throwable t) { throw rethrow(t); }
    }

    public int attribute(int device, int attribute) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(JAVA_INT);
            check((int) cuDeviceGetAttribute.invokeExact(v, attribute, device), "cuDeviceGetAttribute(" + attribute + ")");
            return v.get(JAVA_INT, 0);
        } catch (Throwable t) { throw rethrow(t); }
    }

    // ------------------------------------------------------------------ context

    public MemorySegment primaryContextRetain(int device) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(ADDRESS);
            check((int) cuDevicePrimaryCtxRetain.invokeExact(v, device), "cuDevicePrimaryCtxRetain");
            return v.get(ADDRESS, 0);
        } catch (Throwable t) { throw rethrow(t); }
    }

    public void primaryContextRelease(int device) {
        try { check((int) cuDevicePrimaryCtxRelease.invokeExact(device), "cuDevicePrimaryCtxRelease_v2"); } catch (Throwable t) { throw rethrow(t); }
    }

    public void setCurrent(MemorySegment context) {
        try { check((int) cuCtxSetCurrent.invokeExact(context), "cuCtxSetCurrent"); } catch (Throwable t) { throw rethrow(t); }
    }

    public void synchronizeContext() {
        try { check((int) cuCtxSynchronize.invokeExact(), "cuCtxSynchronize"); } catch (Throwable t) { throw rethrow(t); }
    }

    /// {free, total} bytes of the current context's device.
    public long[] memoryInfo() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment f = a.allocate(JAVA_LONG), t = a.allocate(JAVA_LONG);
            check((int) cuMemGetInfo.invokeExact(f, t), "cuMemGetInfo_v2");
            return new long[] {f.get(JAVA_LONG, 0), t.get(JAVA_LONG, 0)};
        } catch (Throwable t) { throw rethrow(t); }
    }

    // ------------------------------------------------------------------ memory

    public long malloc(long bytes) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(JAVA_LONG);
            check((int) cuMemAlloc.invokeExact(v, bytes), "cuMemAlloc_v2(" + bytes + " bytes)");
            return v.get(JAVA_LONG, 0);
        } catch (Throwable t) { throw rethrow(t); }
    }

    public void free(long ptr) {
        try { check((int) cuMemFree.invokeExact(ptr), "cuMemFree_v2"); } catch (Throwable t) { throw rethrow(t); }
    }

    /// Page-locked host memory of `bytes` (fast, truly asynchronous copies); free with [#freeHost].
    public MemorySegment mallocHost(long bytes) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(ADDRESS);
            check((int) cuMemAllocHost.invokeExact(v, bytes), "cuMemAllocHost_v2(" + bytes + " bytes)");
            return v.get(ADDRESS, 0).reinterpret(bytes);
        } catch (Throwable t) { throw rethrow(t); }
    }

    public void freeHost(MemorySegment host) {
        try { check((int) cuMemFreeHost.invokeExact(host), "cuMemFreeHost"); } catch (Throwable t) { throw rethrow(t); }
    }

    public void copyHtoDAsync(long dst, MemorySegment src, long bytes, MemorySegment stream) {
        try { check((int) cuMemcpyHtoDAsync.invokeExact(dst, src, bytes, stream), "cuMemcpyHtoDAsync_v2"); } catch (Throwable t) { throw rethrow(t); }
    }

    public void copyDtoHAsync(MemorySegment dst, long src, long bytes, MemorySegment stream) {
        try { check((int) cuMemcpyDtoHAsync.invokeExact(dst, src, bytes, stream), "cuMemcpyDtoHAsync_v2"); } catch (Throwable t) { throw rethrow(t); }
    }

    public void copyDtoDAsync(long dst, long src, long bytes, MemorySegment stream) {
        try { check((int) cuMemcpyDtoDAsync.invokeExact(dst, src, bytes, stream), "cuMemcpyDtoDAsync_v2"); } catch (Throwable t) { throw rethrow(t); }
    }

    public void memsetAsync(long dst, byte value, long bytes, MemorySegment stream) {
        try { check((int) cuMemsetD8Async.invokeExact(dst, value, bytes, stream), "cuMemsetD8Async"); } catch (Throwable t) { throw rethrow(t); }
    }

    /// A pitched copy described by a [Memcpy2D] struct.
    public void copy2DAsync(MemorySegment params, MemorySegment stream) {
        try { check((int) cuMemcpy2DAsync.invokeExact(params, stream), "cuMemcpy2DAsync_v2"); } catch (Throwable t) { throw rethrow(t); }
    }

    // ------------------------------------------------------------------ streams and events

    public MemorySegment streamCreate(int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(ADDRESS);
            check((int) cuStreamCreate.invokeExact(v, flags), "cuStreamCreate");
            return v.get(ADDRESS, 0);
        } catch (Throwable t) { throw rethrow(t); }
    }

    public void streamDestroy(MemorySegment stream) {
        try { check((int) cuStreamDestroy.invokeExact(stream), "cuStreamDestroy_v2"); } catch (Throwable t) { throw rethrow(t); }
    }

    public void streamSynchronize(MemorySegment stream) {
        try { check((int) cuStreamSynchronize.invokeExact(stream), "cuStreamSynchronize"); } catch (Throwable t) { throw rethrow(t); }
    }

    public MemorySegment eventCreate() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(ADDRESS);
            check((int) cuEventCreate.invokeExact(v, 0), "cuEventCreate");
            return v.get(ADDRESS, 0);
        } catch (Throwable t) { throw rethrow(t); }
    }

    public void eventRecord(MemorySegment event, MemorySegment stream) {
        try { check((int) cuEventRecord.invokeExact(event, stream), "cuEventRecord"); } catch (Throwable t) { throw rethrow(t); }
    }

    public void eventSynchronize(MemorySegment event) {
        try { check((int) cuEventSynchronize.invokeExact(event), "cuEventSynchronize"); } catch (Throwable t) { throw rethrow(t); }
    }

    /// Milliseconds between two recorded events.
    public float elapsedMs(MemorySegment start, MemorySegment end) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(JAVA_FLOAT);
            check((int) cuEventElapsedTime.invokeExact(v, start, end), "cuEventElapsedTime");
            return v.get(JAVA_FLOAT, 0);
        } catch (Throwable t) { throw rethrow(t); }
    }

    public void eventDestroy(MemorySegment event) {
        try { check((int) cuEventDestroy.invokeExact(event), "cuEventDestroy_v2"); } catch (Throwable t) { throw rethrow(t); }
    }

    // ------------------------------------------------------------------ modules and launches

    /// Loads a module from a fatbin, cubin or NUL-terminated PTX image in host memory.
    public MemorySegment moduleLoad(MemorySegment image, String what) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(ADDRESS);
            check((int) cuModuleLoadData.invokeExact(v, image), "cuModuleLoadData(" + what + ")");
            return v.get(ADDRESS, 0);
        } catch (Throwable t) { throw rethrow(t); }
    }

    public MemorySegment function(MemorySegment module, String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(ADDRESS);
            check((int) cuModuleGetFunction.invokeExact(v, module, a.allocateFrom(name)), "cuModuleGetFunction(" + name + ")");
            return v.get(ADDRESS, 0);
        } catch (Throwable t) { throw rethrow(t); }
    }

    public void moduleUnload(MemorySegment module) {
        try { check((int) cuModuleUnload.invokeExact(module), "cuModuleUnload"); } catch (Throwable t) { throw rethrow(t); }
    }

    public void setFunctionAttribute(MemorySegment function, int attribute, int value) {
        try { check((int) cuFuncSetAttribute.invokeExact(function, attribute, value), "cuFuncSetAttribute"); } catch (Throwable t) { throw rethrow(t); }
    }

    /// cuLaunchKernel with `params` a `void*[]` of pointers to each argument (see [KernelArgs]).
    public void launch(MemorySegment function, String name, int gx, int gy, int gz, int bx, int by, int bz, int sharedBytes,
                       MemorySegment stream, MemorySegment params) {
        try {
            check((int) cuLaunchKernel.invokeExact(function, gx, gy, gz, bx, by, bz, sharedBytes, stream, params, MemorySegment.NULL),
                    "cuLaunchKernel(" + name + ")");
        } catch (Throwable t) { throw rethrow(t); }
    }

    // ------------------------------------------------------------------ graphs

    public void beginCapture(MemorySegment stream) {
        try { check((int) cuStreamBeginCapture.invokeExact(stream, CAPTURE_MODE_THREAD_LOCAL), "cuStreamBeginCapture_v2"); } catch (Throwable t) { throw rethrow(t); }
    }

    public MemorySegment endCapture(MemorySegment stream) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(ADDRESS);
            check((int) cuStreamEndCapture.invokeExact(stream, v), "cuStreamEndCapture");
            return v.get(ADDRESS, 0);
        } catch (Throwable t) { throw rethrow(t); }
    }

    public MemorySegment instantiate(MemorySegment graph) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(ADDRESS);
            check((int) cuGraphInstantiate.invokeExact(v, graph, 0L), "cuGraphInstantiateWithFlags");
            return v.get(ADDRESS, 0);
        } catch (Throwable t) { throw rethrow(t); }
    }

    public void graphLaunch(MemorySegment exec, MemorySegment stream) {
        try { check((int) cuGraphLaunch.invokeExact(exec, stream), "cuGraphLaunch"); } catch (Throwable t) { throw rethrow(t); }
    }

    public void graphExecDestroy(MemorySegment exec) {
        try { check((int) cuGraphExecDestroy.invokeExact(exec), "cuGraphExecDestroy"); } catch (Throwable t) { throw rethrow(t); }
    }

    public void graphDestroy(MemorySegment graph) {
        try { check((int) cuGraphDestroy.invokeExact(graph), "cuGraphDestroy"); } catch (Throwable t) { throw rethrow(t); }
    }

    /// The driver's own name of a CUresult (for codes newer than [CuResult]'s table).
    public String errorName(int code) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(ADDRESS);
            int rc = (int) cuGetErrorName.invokeExact(code, v);
            return rc == 0 ? v.get(ADDRESS, 0).reinterpret(128).getString(0) : CuResult.name(code);
        } catch (Throwable t) { throw rethrow(t); }
    }
}
