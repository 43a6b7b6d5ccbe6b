package dev.gallop.engine.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gallop.engine.backend.cuda.blas.CublasLt;
import dev.gallop.engine.backend.cuda.dnn.Cudnn;
import dev.gallop.engine.backend.cuda.driver.CudaDriver;
import dev.gallop.engine.backend.cuda.ffm.MissingLibraryException;
import dev.gallop.engine.backend.cuda.fft.Cufft;
import dev.gallop.engine.backend.cuda.fft.FftSupport;
import dev.gallop.engine.backend.cuda.ffm.NativeLibrary;
import dev.gallop.engine.backend.cuda.ffm.Symbols;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/// The stand-in CUDA libraries (src/test/c/fake_cuda.c, compiled with gcc): a driver, cuBLASLt, cuDNN and cuFFT that keep
/// device memory in host memory, record launches and run no kernel. A [CudaDevice] on them runs every host-side
/// path of the backend (argument lists, plans, scratch, capture) without a GPU; its numbers mean nothing.
public final class FakeCuda {
    static final byte[] FATBIN = {(byte) 0x50, (byte) 0xED, (byte) 0x55, (byte) 0xBA, 1, 0, 0, 0};

    public final CudaDriver cu;
    public final CublasLt lt;
    public final Cudnn dnn;
    public final Cufft fft;
    public final Symbols fake;

    private FakeCuda(NativeLibrary nl) throws MissingLibraryException {
        cu = CudaDriver.bind(nl);
        lt = CublasLt.bind(nl);
        dnn = Cudnn.bind(nl);
        fft = Cufft.bind(nl);
        fake = new Symbols(nl);
    }

    /// Builds the stand-in into `dir` (skipping the calling test, with the reason, where gcc or Linux is missing).
    public static FakeCuda build(Path dir) throws Exception {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "the stand-in library is built for Linux");
        Path src = Path.of(System.getProperty("gallop.fakecuda.src", "src/test/c/fake_cuda.c"));
        Path lib = dir.resolve("libgallop-fake-cuda.so");
        Process p;
        try {
            p = new ProcessBuilder("gcc", "-shared", "-fPIC", "-O1", "-o", lib.toString(), src.toString()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "gcc is not installed: " + e.getMessage());
            throw e;
        }
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "gcc failed on " + src + ": " + out);
        return new FakeCuda(NativeLibrary.load("fake CUDA", List.of(lib.getFileName().toString()), List.of(dir), "", Arena.global()));
    }

    /// A CUDA device on the stand-in (compute capability 9.0, with cuDNN and cuFFT).
    public CudaDevice device() { return device(new FftSupport(fft, null)); }

    /// A CUDA device on the stand-in with the given FFT support.
    public CudaDevice device(FftSupport fftSupport) {
        return new CudaDevice(cu, 0, "Fake GPU 0", 90, Map.of("fake", FATBIN), lt, dnn, "attention: fake cuDNN", fftSupport);
    }

    /// A counter the stand-in keeps (e.g. "fake_launches").
    public int counter(String name) throws Throwable {
        MethodHandle h = fake.fn(FunctionDescriptor.of(ValueLayout.JAVA_INT), name);
        return (int) h.invokeExact();
    }
}
