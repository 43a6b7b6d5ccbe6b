package dev.gallop.engine.backend.cuda.driver;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
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
    private final CheckedCalls calls = new CheckedCalls(CuResult::check);
    private final MethodHandle cuInit, cuDriverGetVersion, cuDeviceGetCount, cuDeviceGet, cuDeviceGetName, cuDeviceTotalMem,
            cuDeviceGetAttribute, cuDevicePrimaryCtxRetain, cuDevicePrimaryCtxRelease, cuCtxSetCurrent, cuCtxSynchronize,
            cuMemGetInfo, cuMemAlloc, cuMemFree, cuMemAllocHost, cuMemFreeHost, cuMemcpyHtoDAsync, cuMemcpyDtoHAsync,
            cuMemcpyDtoDAsync, cuMemsetD8Async, cuMemcpy2DAsync, cuStreamCreate, cuStreamDestroy, cuStreamSynchronize,
            cuEventCreate, cuEventRecord, cuEventSynchronize, cuStreamWaitEvent, cuEventElapsedTime, cuEventDestroy, cuModuleLoadData,
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
        cuStreamWaitEvent = s.fn(FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT), "cuStreamWaitEvent");
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

    /// Binds an already loaded library (a specific file, or a stand-in in tests).
    public static CudaDriver bind(NativeLibrary lib) throws MissingLibraryException { return new CudaDriver(lib); }

    /// Loads libcuda (process-lifetime) and binds every function; throws naming what is missing.
    public static CudaDriver load() throws MissingLibraryException {
        NativeLibrary lib = NativeLibrary.load("the NVIDIA CUDA driver", NativeLibrary.driverNames(),
                "Install the NVIDIA driver (R580 or newer for kernels built with CUDA 13)", Arena.global());
        return new CudaDriver(lib);
    }

    public NativeLibrary library() { return library; }

    // ------------------------------------------------------------------ initialisation and devices

    public void init() { calls.run("cuInit", () -> (int) cuInit.invokeExact(0)); }

    /// The driver's CUDA version as major·1000 + minor·10 (12040 = 12.4).
    public int driverVersion() { return calls.int32("cuDriverGetVersion", v -> (int) cuDriverGetVersion.invokeExact(v)); }

    public int deviceCount() { return calls.int32("cuDeviceGetCount", v -> (int) cuDeviceGetCount.invokeExact(v)); }

    public int device(int ordinal) { return calls.int32("cuDeviceGet", v -> (int) cuDeviceGet.invokeExact(v, ordinal)); }

    public String deviceName(int device) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(256);
            calls.run("cuDeviceGetName", () -> (int) cuDeviceGetName.invokeExact(v, 256, device));
            return v.getString(0);
        }
    }

    public long totalMemory(int device) {
        return calls.int64("cuDeviceTotalMem_v2", v -> (int) cuDeviceTotalMem.invokeExact(v, device));
    }

    public int attribute(int device, int attribute) {
        return calls.int32("cuDeviceGetAttribute(" + attribute + ")", v -> (int) cuDeviceGetAttribute.invokeExact(v, attribute, device));
    }

    // ------------------------------------------------------------------ context

    public MemorySegment primaryContextRetain(int device) {
        return calls.address("cuDevicePrimaryCtxRetain", v -> (int) cuDevicePrimaryCtxRetain.invokeExact(v, device));
    }

    public void primaryContextRelease(int device) {
        calls.run("cuDevicePrimaryCtxRelease_v2", () -> (int) cuDevicePrimaryCtxRelease.invokeExact(device));
    }

    public void setCurrent(MemorySegment context) { calls.run("cuCtxSetCurrent", () -> (int) cuCtxSetCurrent.invokeExact(context)); }

    public void synchronizeContext() { calls.run("cuCtxSynchronize", () -> (int) cuCtxSynchronize.invokeExact()); }

    /// {free, total} bytes of the current context's device.
    public long[] memoryInfo() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment f = a.allocate(JAVA_LONG), t = a.allocate(JAVA_LONG);
            calls.run("cuMemGetInfo_v2", () -> (int) cuMemGetInfo.invokeExact(f, t));
            return new long[] {f.get(JAVA_LONG, 0), t.get(JAVA_LONG, 0)};
        }
    }

    // ------------------------------------------------------------------ memory

    public long malloc(long bytes) {
        return calls.int64("cuMemAlloc_v2(" + bytes + " bytes)", v -> (int) cuMemAlloc.invokeExact(v, bytes));
    }

    public void free(long ptr) { calls.run("cuMemFree_v2", () -> (int) cuMemFree.invokeExact(ptr)); }

    /// Page-locked host memory of `bytes` (fast, truly asynchronous copies); free with [#freeHost].
    public MemorySegment mallocHost(long bytes) {
        return calls.address("cuMemAllocHost_v2(" + bytes + " bytes)", v -> (int) cuMemAllocHost.invokeExact(v, bytes)).reinterpret(bytes);
    }

    public void freeHost(MemorySegment host) { calls.run("cuMemFreeHost", () -> (int) cuMemFreeHost.invokeExact(host)); }

    public void copyHtoDAsync(long dst, MemorySegment src, long bytes, MemorySegment stream) {
        calls.run("cuMemcpyHtoDAsync_v2", () -> (int) cuMemcpyHtoDAsync.invokeExact(dst, src, bytes, stream));
    }

    public void copyDtoHAsync(MemorySegment dst, long src, long bytes, MemorySegment stream) {
        calls.run("cuMemcpyDtoHAsync_v2", () -> (int) cuMemcpyDtoHAsync.invokeExact(dst, src, bytes, stream));
    }

    public void copyDtoDAsync(long dst, long src, long bytes, MemorySegment stream) {
        calls.run("cuMemcpyDtoDAsync_v2", () -> (int) cuMemcpyDtoDAsync.invokeExact(dst, src, bytes, stream));
    }

    public void memsetAsync(long dst, byte value, long bytes, MemorySegment stream) {
        calls.run("cuMemsetD8Async", () -> (int) cuMemsetD8Async.invokeExact(dst, value, bytes, stream));
    }

    /// A pitched copy described by a [Memcpy2D] struct.
    public void copy2DAsync(MemorySegment params, MemorySegment stream) {
        calls.run("cuMemcpy2DAsync_v2", () -> (int) cuMemcpy2DAsync.invokeExact(params, stream));
    }

    // ------------------------------------------------------------------ streams and events

    public MemorySegment streamCreate(int flags) {
        return calls.address("cuStreamCreate", v -> (int) cuStreamCreate.invokeExact(v, flags));
    }

    public void streamDestroy(MemorySegment stream) { calls.run("cuStreamDestroy_v2", () -> (int) cuStreamDestroy.invokeExact(stream)); }

    public void streamSynchronize(MemorySegment stream) {
        calls.run("cuStreamSynchronize", () -> (int) cuStreamSynchronize.invokeExact(stream));
    }

    public MemorySegment eventCreate() { return calls.address("cuEventCreate", v -> (int) cuEventCreate.invokeExact(v, 0)); }

    public void eventRecord(MemorySegment event, MemorySegment stream) {
        calls.run("cuEventRecord", () -> (int) cuEventRecord.invokeExact(event, stream));
    }

    /// Work queued on `stream` from now on waits until `event` (recorded on any stream) is reached.
    public void streamWaitEvent(MemorySegment stream, MemorySegment event) {
        calls.run("cuStreamWaitEvent", () -> (int) cuStreamWaitEvent.invokeExact(stream, event, 0));
    }

    public void eventSynchronize(MemorySegment event) { calls.run("cuEventSynchronize", () -> (int) cuEventSynchronize.invokeExact(event)); }

    /// Milliseconds between two recorded events.
    public float elapsedMs(MemorySegment start, MemorySegment end) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(JAVA_FLOAT);
            calls.run("cuEventElapsedTime", () -> (int) cuEventElapsedTime.invokeExact(v, start, end));
            return v.get(JAVA_FLOAT, 0);
        }
    }

    public void eventDestroy(MemorySegment event) { calls.run("cuEventDestroy_v2", () -> (int) cuEventDestroy.invokeExact(event)); }

    // ------------------------------------------------------------------ modules and launches

    /// Loads a module from a fatbin, cubin or NUL-terminated PTX image in host memory.
    public MemorySegment moduleLoad(MemorySegment image, String what) {
        return calls.address("cuModuleLoadData(" + what + ")", v -> (int) cuModuleLoadData.invokeExact(v, image));
    }

    public MemorySegment function(MemorySegment module, String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cName = a.allocateFrom(name);
            return calls.address("cuModuleGetFunction(" + name + ")", v -> (int) cuModuleGetFunction.invokeExact(v, module, cName));
        }
    }

    public void moduleUnload(MemorySegment module) { calls.run("cuModuleUnload", () -> (int) cuModuleUnload.invokeExact(module)); }

    public void setFunctionAttribute(MemorySegment function, int attribute, int value) {
        calls.run("cuFuncSetAttribute", () -> (int) cuFuncSetAttribute.invokeExact(function, attribute, value));
    }

    /// cuLaunchKernel with `params` a `void*[]` of pointers to each argument (see [KernelArgs]).
    public void launch(MemorySegment function, String name, int gx, int gy, int gz, int bx, int by, int bz, int sharedBytes,
                       MemorySegment stream, MemorySegment params) {
        calls.run("cuLaunchKernel(" + name + ")", () -> (int) cuLaunchKernel.invokeExact(function, gx, gy, gz, bx, by, bz, sharedBytes,
                stream, params, MemorySegment.NULL));
    }

    // ------------------------------------------------------------------ graphs

    public void beginCapture(MemorySegment stream) {
        calls.run("cuStreamBeginCapture_v2", () -> (int) cuStreamBeginCapture.invokeExact(stream, CAPTURE_MODE_THREAD_LOCAL));
    }

    public MemorySegment endCapture(MemorySegment stream) {
        return calls.address("cuStreamEndCapture", v -> (int) cuStreamEndCapture.invokeExact(stream, v));
    }

    public MemorySegment instantiate(MemorySegment graph) {
        return calls.address("cuGraphInstantiateWithFlags", v -> (int) cuGraphInstantiate.invokeExact(v, graph, 0L));
    }

    public void graphLaunch(MemorySegment exec, MemorySegment stream) {
        calls.run("cuGraphLaunch", () -> (int) cuGraphLaunch.invokeExact(exec, stream));
    }

    public void graphExecDestroy(MemorySegment exec) { calls.run("cuGraphExecDestroy", () -> (int) cuGraphExecDestroy.invokeExact(exec)); }

    public void graphDestroy(MemorySegment graph) { calls.run("cuGraphDestroy", () -> (int) cuGraphDestroy.invokeExact(graph)); }

    /// The driver's own name of a CUresult (for codes newer than [CuResult]'s table).
    public String errorName(int code) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(ADDRESS);
            int rc = (int) cuGetErrorName.invokeExact(code, v);
            return rc == 0 ? v.get(ADDRESS, 0).reinterpret(128).getString(0) : CuResult.name(code);
        } catch (Throwable t) { throw CheckedCalls.unchecked(t); }
    }
}
