package dev.gallop.engine.backend.cpu.gemm;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/// Memory layouts and vector species shared by the GEMM classes.
final class Layouts {
    private Layouts() {}

    static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(LE);
    static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE);

    /// The float species of the microkernel (512-bit with AVX-512, 256-bit with AVX2).
    static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    static final int L = FS.length();
    static final VectorSpecies<Integer> IS = IntVector.SPECIES_PREFERRED;
    /// Shorts with as many lanes as FS (half its bit size), for widening bf16.
    static final VectorSpecies<Short> SS = VectorSpecies.of(short.class, VectorShape.forBitSize(FS.vectorBitSize() / 2));
}
