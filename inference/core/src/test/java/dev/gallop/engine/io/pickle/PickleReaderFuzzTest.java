package dev.gallop.engine.io.pickle;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gallop.engine.testing.FuzzBounds;

/// Fuzz target: any bytes given to the restricted unpickler are read or refused with a [PickleException] naming the
/// source, quickly; nothing else (no NullPointer, ClassCast, StackOverflow, OutOfMemory, no slow input).
class PickleReaderFuzzTest {
    @FuzzTest
    void unpickle(byte[] input) {
        long t0 = System.nanoTime();
        try {
            RestrictedUnpickler.load(input, "fuzz.pkl");
        } catch (PickleException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith("fuzz.pkl: ")) throw new AssertionError("message must name the source: " + e.getMessage(), e);
        } finally {
            FuzzBounds.inTime(t0, "unpickling");
        }
    }
}
