package dev.gallop.engine.backend.cuda.host;

/// The size classes of the [DevicePool]: requests below 1 MiB round up to a multiple of 512 bytes, larger ones to
/// a multiple of 2 MiB. A freed block is reused only for a request of the same class, so a step loop that asks for
/// the same shapes every time reuses every block after the first step and never fragments.
public final class SizeClasses {
    public static final long SMALL_LIMIT = 1L << 20, SMALL_GRAIN = 512, LARGE_GRAIN = 2L << 20;

    private SizeClasses() {}

    public static long classOf(long bytes) {
        if (bytes <= 0) throw new IllegalArgumentException("allocation of " + bytes + " bytes");
        long grain = bytes < SMALL_LIMIT ? SMALL_GRAIN : LARGE_GRAIN;
        return Math.ceilDiv(bytes, grain) * grain;
    }
}
