package dev.gallop.engine.runtime;

import dev.gallop.engine.backend.Tensor;

/// Named taps on intermediates ("layer0.qkv", "adapter_out"), as llama.cpp's `cb(cur, name, il)`: parity tests and
/// debugging record them, production passes [#NONE] and pays nothing.
public interface Trace {
    Trace NONE = new Trace() {
        @Override public boolean enabled() { return false; }

        @Override public void tap(String name, Tensor t) {}
    };

    boolean enabled();

    void tap(String name, Tensor t);
}
