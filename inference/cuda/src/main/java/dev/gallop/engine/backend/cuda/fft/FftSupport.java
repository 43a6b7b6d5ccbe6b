package dev.gallop.engine.backend.cuda.fft;

import dev.gallop.engine.backend.cuda.ffm.MissingLibraryException;

/// Whether a CUDA device can run FFTs: cuFFT when it was found, else why not. cuFFT is optional: without it the
/// backend runs everything but [dev.gallop.engine.backend.SequenceKernels#resampleFft], which then fails naming
/// what is missing, and `gallop devices` says so.
///
/// @param cufft   the bound library, or null
/// @param missing why it is absent (the sonames and folders tried), or null
public record FftSupport(Cufft cufft, String missing) {
    public FftSupport {
        if ((cufft == null) == (missing == null)) throw new IllegalArgumentException("give either cuFFT or the reason it is missing");
    }

    /// Looks cuFFT up by soname.
    public static FftSupport probe() {
        try {
            return new FftSupport(Cufft.load(), null);
        } catch (MissingLibraryException e) {
            return new FftSupport(null, e.getMessage());
        }
    }

    /// For the device's description: "FFT: cuFFT 12.0.0" or "FFT: none (…)".
    public String note() {
        if (cufft == null) return "FFT: none (" + missing + ")";
        int v = cufft.version();
        return "FFT: cuFFT " + v / 1000 + "." + v % 1000 / 100 + "." + v % 100;
    }

    /// cuFFT for `op` on `device`, or an exception naming both and what is missing.
    public Cufft require(String op, String device) {
        if (cufft == null) throw new IllegalStateException(op + " on " + device + " needs cuFFT, which was not found: " + missing);
        return cufft;
    }
}
