package dev.gallop.engine.backend.cuda.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.util.function.Function;

/// Runs one library's downcalls that return a status code: the status goes through the library's check (which
/// throws a [CudaException] naming the call), and the `Throwable` that `MethodHandle.invokeExact` declares becomes
/// unchecked. The `address`, `int32` and `int64` variants hand the C function a fresh slot for its result (its
/// `T* out` argument) and return what it wrote there.
public final class CheckedCalls {
    /// A library's status rule: returns when `code` means success, else throws naming `call`.
    @FunctionalInterface public interface Check { void check(int code, String call); }

    /// A downcall that returns a status code.
    @FunctionalInterface public interface Call { int invoke() throws Throwable; }

    /// A downcall that writes its result through `out` and returns a status code.
    @FunctionalInterface public interface OutCall { int invoke(MemorySegment out) throws Throwable; }

    private final Check check;

    public CheckedCalls(Check check) { this.check = check; }

    /// `t` as an unchecked exception: runtime exceptions as they are, errors rethrown, anything else wrapped.
    public static RuntimeException unchecked(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }

    /// Runs `call` and checks its status; `name` names the call in the exception.
    public void run(String name, Call call) {
        try { check.check(call.invoke(), name); } catch (Throwable t) { throw unchecked(t); }
    }

    /// Runs `call` with a pointer slot, checks its status and returns the pointer it wrote (a handle).
    public MemorySegment address(String name, OutCall call) { return out(name, ADDRESS, call, v -> v.get(ADDRESS, 0)); }

    /// Runs `call` with an `int` slot, checks its status and returns the value it wrote.
    public int int32(String name, OutCall call) { return out(name, JAVA_INT, call, v -> v.get(JAVA_INT, 0)); }

    /// Runs `call` with a 64-bit slot (`size_t`, `int64_t`, a device pointer), checks its status and returns the value.
    public long int64(String name, OutCall call) { return out(name, JAVA_LONG, call, v -> v.get(JAVA_LONG, 0)); }

    private <T> T out(String name, MemoryLayout layout, OutCall call, Function<MemorySegment, T> read) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(layout);
            check.check(call.invoke(v), name);
            return read.apply(v);
        } catch (Throwable t) { throw unchecked(t); }
    }
}
