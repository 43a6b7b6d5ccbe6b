package dev.gallop.engine.io.pickle;

import java.io.IOException;

/// A pickle or PyTorch archive that the restricted reader will not or cannot read: malformed bytes, an opcode or
/// global outside the allow-list, or a tensor that does not fit its storage. The message always starts with the
/// file (or archive entry) it concerns. Nothing in a refused file is ever executed.
public final class PickleException extends IOException {
    public PickleException(String message) { super(message); }

    public PickleException(String message, Throwable cause) { super(message, cause); }
}
