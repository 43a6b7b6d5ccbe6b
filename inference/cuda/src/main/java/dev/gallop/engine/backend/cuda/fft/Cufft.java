package dev.gallop.engine.backend.cuda.fft;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.gallop.engine.backend.cuda.ffm.CheckedCalls;
import dev.gallop.engine.backend.cuda.ffm.MissingLibraryException;
import dev.gallop.engine.backend.cuda.ffm.NativeLibrary;
import dev.gallop.engine.backend.cuda.ffm.Symbols;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Locale;

/// Hand-written java.lang.foreign bindings to cuFFT (libcufft.so.12 of CUDA 13, then libcufft.so.11 of CUDA 12: cuFFT's
/// major version is one below the toolkit's): batched 1-D plans with strided layouts, the stream, real-to-complex and
/// complex-to-real single-precision transforms. Plans are `int` handles; transforms run on the plan's stream.
public final class Cufft {
    /// cufftType
    public static final int R2C = 0x2a, C2R = 0x2c;

    private final NativeLibrary library;
    private final CheckedCalls calls = new CheckedCalls(CufftStatus::check);
    private final MethodHandle planMany, setStream, execR2C, execC2R, destroy, getVersion;

    private Cufft(NativeLibrary library) throws MissingLibraryException {
        this.library = library;
        Symbols s = new Symbols(library);
        // plan*, rank, n*, inembed*, istride, idist, onembed*, ostride, odist, type, batch
        planMany = s.fn(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT), "cufftPlanMany");
        setStream = s.fn(FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS), "cufftSetStream");
        execR2C = s.fn(FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), "cufftExecR2C");
        execC2R = s.fn(FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), "cufftExecC2R");
        destroy = s.fn(FunctionDescriptor.of(JAVA_INT, JAVA_INT), "cufftDestroy");
        getVersion = s.fn(FunctionDescriptor.of(JAVA_INT, ADDRESS), "cufftGetVersion");
    }

    /// Binds an already loaded library (a specific file, or a stand-in in tests).
    public static Cufft bind(NativeLibrary lib) throws MissingLibraryException { return new Cufft(lib); }

    /// Finds cuFFT by soname, in `GALLOP_CUDA_LIBS` / `-Dgallop.cuda.libs` folders first, then through the system loader.
    public static Cufft load() throws MissingLibraryException {
        return new Cufft(NativeLibrary.load("cuFFT", sonames(), "Install the CUDA toolkit's cuFFT (libcufft 11 or 12), e.g. the "
                + "nvidia-cufft pip package or the libcufft package of your distribution", Arena.global()));
    }

    /// cuFFT 12 (CUDA 13), then cuFFT 11 (CUDA 12), on this OS.
    public static List<String> sonames() {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        return windows ? List.of("cufft64_12.dll", "cufft64_11.dll") : List.of("libcufft.so.12", "libcufft.so.11");
    }

    public NativeLibrary library() { return library; }

    /// cuFFT's version as major·1000 + minor·100 + patch (12000 = 12.0.0).
    public int version() { return calls.int32("cufftGetVersion", v -> (int) getVersion.invokeExact(v)); }

    /// A batched 1-D plan of length n with the advanced layout: element x of batch b at b·idist + x·istride in the input
    /// (inembed = the input's storage length) and b·odist + x·ostride in the output.
    public int planMany(int n, int inembed, int istride, int idist, int onembed, int ostride, int odist, int type, int batch) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment dims = a.allocateFrom(JAVA_INT, n), in = a.allocateFrom(JAVA_INT, inembed), out = a.allocateFrom(JAVA_INT, onembed);
            String what = "cufftPlanMany(n " + n + ", " + (type == R2C ? "R2C" : type == C2R ? "C2R" : "type " + type) + ", batch " + batch + ")";
            return calls.int32(what, p -> (int) planMany.invokeExact(p, 1, dims, in, istride, idist, out, ostride, odist, type, batch));
        }
    }

    public void setStream(int plan, MemorySegment stream) {
        calls.run("cufftSetStream", () -> (int) setStream.invokeExact(plan, stream));
    }

    /// Real f32 input → complex f32 output (device addresses), on the plan's stream.
    public void execR2C(int plan, long in, long out) {
        calls.run("cufftExecR2C", () -> (int) execR2C.invokeExact(plan, MemorySegment.ofAddress(in), MemorySegment.ofAddress(out)));
    }

    /// Complex f32 input (overwritten) → real f32 output, unscaled, on the plan's stream.
    public void execC2R(int plan, long in, long out) {
        calls.run("cufftExecC2R", () -> (int) execC2R.invokeExact(plan, MemorySegment.ofAddress(in), MemorySegment.ofAddress(out)));
    }

    public void destroy(int plan) { calls.run("cufftDestroy", () -> (int) destroy.invokeExact(plan)); }
}
