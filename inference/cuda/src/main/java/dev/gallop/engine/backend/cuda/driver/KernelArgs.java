package dev.gallop.engine.backend.cuda.driver;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.gallop.engine.backend.cuda.kernels.NativeKernel;
import dev.gallop.engine.backend.cuda.kernels.NativeKernel.Param;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/// The `void* kernelParams[]` of cuLaunchKernel: one slot per argument in `arena` and an array of pointers to the
/// slots. The driver copies the values at launch (and at capture), so the arena may close right after.
/// Device pointers are `long`s (CUdeviceptr); C `long` kernel parameters are 64-bit on Linux x86-64.
public final class KernelArgs {
    private final Arena arena;
    private final List<MemorySegment> slots = new ArrayList<>();
    private final List<Param> kinds = new ArrayList<>();

    public KernelArgs(Arena arena) { this.arena = arena; }

    public KernelArgs ptr(long devicePointer) {
        slot64(devicePointer);
        kinds.add(Param.PTR);
        return this;
    }

    public KernelArgs i64(long v) {
        slot64(v);
        kinds.add(Param.I64);
        return this;
    }

    private void slot64(long v) {
        MemorySegment s = arena.allocate(JAVA_LONG);
        s.set(JAVA_LONG, 0, v);
        slots.add(s);
    }

    public KernelArgs i32(int v) {
        MemorySegment s = arena.allocate(JAVA_INT);
        s.set(JAVA_INT, 0, v);
        slots.add(s);
        kinds.add(Param.I32);
        return this;
    }

    public KernelArgs f32(float v) {
        MemorySegment s = arena.allocate(JAVA_FLOAT);
        s.set(JAVA_FLOAT, 0, v);
        slots.add(s);
        kinds.add(Param.F32);
        return this;
    }

    /// A struct passed by value, laid out by the caller (e.g. the attention kernel's KeyRanges: int count, int[4], int[4]).
    public KernelArgs struct(int[] words) {
        MemorySegment s = arena.allocate(4L * words.length, 8);
        for (int i = 0; i < words.length; i++) s.setAtIndex(JAVA_INT, i, words[i]);
        slots.add(s);
        kinds.add(Param.STRUCT);
        return this;
    }

    public int count() { return slots.size(); }

    /// The kinds of the arguments given so far, in order.
    public List<Param> kinds() { return List.copyOf(kinds); }

    /// Throws unless the arguments given are exactly the parameters `kernel` declares.
    public void check(NativeKernel kernel) {
        if (!kinds.equals(kernel.params())) {
            throw new IllegalArgumentException("kernel " + kernel.name() + " takes " + kernel.params() + " but was given " + kinds);
        }
    }

    /// The `void**` array.
    public MemorySegment pointers() {
        MemorySegment arr = arena.allocate(ADDRESS, slots.size());
        for (int i = 0; i < slots.size(); i++) arr.setAtIndex(ADDRESS, i, slots.get(i));
        return arr;
    }
}
