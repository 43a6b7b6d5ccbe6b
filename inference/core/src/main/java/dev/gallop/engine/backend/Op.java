package dev.gallop.engine.backend;

/// The kernel families a backend can declare support for (ggml's `supports_op`).
public enum Op {
    LINEAR, RMS_NORM, ROPE, ATTENTION, ATTENTION_WINDOWED, SIGMOID_GATE, SWIGLU7, GELU7, ADD, ROUND_BF16, COPY, COPY_COLUMNS
}
