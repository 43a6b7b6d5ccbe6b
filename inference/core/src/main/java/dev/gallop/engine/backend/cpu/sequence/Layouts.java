package dev.gallop.engine.backend.cpu.sequence;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/// The little-endian f32 layout of tensor memory.
final class Layouts {
    static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private Layouts() {}
}
