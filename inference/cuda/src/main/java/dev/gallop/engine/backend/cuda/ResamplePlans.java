package dev.gallop.engine.backend.cuda;

import dev.gallop.engine.backend.cuda.fft.Cufft;
import java.util.LinkedHashMap;
import java.util.Map;

/// cuFFT plan pairs of [CudaSequenceKernels#resampleFft], per (N, M, channels), bound to the context's stream: an R2C
/// plan of length N reading x[N, C] (stride C per channel) into [C][N/2 + 1] complex bins, and a C2R plan of length M
/// from [C][M/2 + 1] into out[M, C]. The last few are kept (each holds cuFFT's work area); older ones are destroyed.
final class ResamplePlans {
    static final int KEEP = 4;

    record Pair(int forward, int inverse) {}

    private record Key(int n, int m, int channels) {}

    private final Cufft fft;
    private final CudaContext c;
    private final LinkedHashMap<Key, Pair> plans = new LinkedHashMap<>(8, 0.75f, true);

    ResamplePlans(Cufft fft, CudaContext c) {
        this.fft = fft;
        this.c = c;
    }

    synchronized Pair get(int n, int m, int channels) {
        Key k = new Key(n, m, channels);
        Pair p = plans.get(k);
        if (p != null) return p;
        c.enter();
        int fwd = fft.planMany(n, n, channels, 1, n / 2 + 1, 1, n / 2 + 1, Cufft.R2C, channels);
        int inv;
        try {
            fft.setStream(fwd, c.stream);
            inv = fft.planMany(m, m / 2 + 1, 1, m / 2 + 1, m, channels, 1, Cufft.C2R, channels);
        } catch (RuntimeException e) {
            fft.destroy(fwd);
            throw e;
        }
        try {
            fft.setStream(inv, c.stream);
        } catch (RuntimeException e) {
            fft.destroy(fwd);
            fft.destroy(inv);
            throw e;
        }
        p = new Pair(fwd, inv);
        plans.put(k, p);
        if (plans.size() > KEEP) {
            var eldest = plans.entrySet().iterator();
            Map.Entry<Key, Pair> e = eldest.next();
            eldest.remove();
            c.synchronize();   // queued transforms may still use the evicted plans' work areas
            fft.destroy(e.getValue().forward());
            fft.destroy(e.getValue().inverse());
        }
        return p;
    }

    synchronized int size() { return plans.size(); }
}
