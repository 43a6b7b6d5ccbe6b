package dev.gallop.engine.runtime;

import java.util.concurrent.CancellationException;

/// Cooperative cancellation, checked between sampler steps and between DiT layers.
public final class CancelToken {
    public static final CancelToken NEVER = new CancelToken();

    private volatile boolean cancelled;

    public void cancel() {
        if (this != NEVER) cancelled = true;
    }

    public boolean isCancelled() { return cancelled; }

    /// Throws [CancellationException] once [#cancel()] has been called.
    public void throwIfCancelled() {
        if (cancelled) throw new CancellationException("cancelled");
    }
}
