package dev.gallop.engine.backend.cuda;

import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.cuda.blas.CublasLt;
import dev.gallop.engine.backend.cuda.dnn.Cudnn;
import dev.gallop.engine.backend.cuda.driver.CudaDriver;
import dev.gallop.engine.backend.cuda.fft.FftSupport;
import dev.gallop.engine.backend.cuda.ffm.CudaException;
import dev.gallop.engine.backend.cuda.ffm.MissingLibraryException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/// Finds the CUDA devices Gallop can use, or says exactly why there are none: no driver library, cuInit failing,
/// no GPU, a GPU older than Ampere, no kernels in this build, no cuBLASLt. cuDNN is optional (attention then runs
/// on Gallop's own kernel), and so is cuFFT (only the FFT resample needs it; the device's description says when it is
/// missing). Runs once per JVM; `-Dgallop.cuda=off` turns the backend off.
final class CudaProbe {
    /// Ampere (sm_80) is the oldest architecture the kernels are built for.
    static final int MIN_COMPUTE_CAPABILITY = 80;

    record Result(List<Device> devices, String reason) {}

    private CudaProbe() {}

    static Result run() {
        if ("off".equalsIgnoreCase(System.getProperty("gallop.cuda", "on"))) return none("the CUDA backend is turned off (-Dgallop.cuda=off)");
        CudaDriver cu;
        try {
            cu = CudaDriver.load();
        } catch (MissingLibraryException e) {
            return none(e.getMessage());
        }
        int count;
        try {
            cu.init();
            count = cu.deviceCount();
        } catch (CudaException e) {
            return none("the NVIDIA driver (" + cu.library().location() + ") is present but " + e.getMessage());
        }
        if (count == 0) return none("the NVIDIA driver sees no CUDA GPU");
        Map<String, byte[]> images;
        try {
            images = KernelImages.load();
        } catch (IOException e) {
            return none("the jar's CUDA kernels cannot be read: " + e.getMessage());
        }
        if (images.isEmpty()) {
            return none("this Gallop build carries no CUDA kernels (it was built without nvcc; rebuild with nvcc on PATH)");
        }
        int toolkit = KernelImages.toolkitVersion(), driver = cu.driverVersion();
        if (toolkit > driver) {
            return none("the NVIDIA driver supports CUDA " + driver / 1000 + "." + driver % 1000 / 10 + " but Gallop's kernels were built with CUDA "
                    + toolkit / 1000 + "." + toolkit % 1000 / 10 + "; update the driver (R580 or newer for CUDA 13)");
        }
        CublasLt lt;
        try {
            lt = CublasLt.load();
        } catch (MissingLibraryException e) {
            return none(e.getMessage());
        }
        Cudnn dnn = null;
        String dnnNote;
        try {
            dnn = Cudnn.load();
            dnnNote = "attention: cuDNN " + CudaDevice.version3(dnn.version()) + " fused SDPA";
        } catch (MissingLibraryException e) {
            dnnNote = "attention: Gallop kernel (" + e.getMessage() + ")";
        }
        FftSupport fft = FftSupport.probe();
        List<Device> devices = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int dev = cu.device(i);
            int cc = cu.attribute(dev, CudaDriver.ATTR_CC_MAJOR) * 10 + cu.attribute(dev, CudaDriver.ATTR_CC_MINOR);
            String name = cu.deviceName(dev);
            if (cc < MIN_COMPUTE_CAPABILITY) {
                skipped.add("cuda:" + i + " " + name + " is sm_" + cc + "; Gallop's CUDA kernels need sm_80 (Ampere) or newer");
                continue;
            }
            devices.add(new CudaDevice(cu, i, name, cc, images, lt, dnn, dnnNote, fft));
        }
        return new Result(devices, devices.isEmpty() ? String.join("; ", skipped) : skipped.isEmpty() ? null : String.join("; ", skipped));
    }

    private static Result none(String reason) { return new Result(List.of(), reason); }
}
