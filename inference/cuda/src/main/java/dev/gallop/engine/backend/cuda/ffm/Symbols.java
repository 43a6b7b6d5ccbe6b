package dev.gallop.engine.backend.cuda.ffm;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/// Binds C functions of one [NativeLibrary] as downcall method handles. A function may be named by several
/// symbols, newest first (`cuEventElapsedTime_v2`, `cuEventElapsedTime`), so one binding serves CUDA 12 and 13.
public final class Symbols {
    private static final Linker LINKER = Linker.nativeLinker();
    private final NativeLibrary lib;

    public Symbols(NativeLibrary lib) { this.lib = lib; }

    public NativeLibrary library() { return lib; }

    /// The first of `names` the library exports, bound with `fd`; throws naming the library and every name tried.
    public MethodHandle fn(FunctionDescriptor fd, String... names) throws MissingLibraryException {
        return optional(fd, names).orElseThrow(() -> new MissingLibraryException(lib.what() + " (" + lib.location()
                + ") exports none of " + String.join(", ", names) + "; it is older than Gallop needs"));
    }

    public Optional<MethodHandle> optional(FunctionDescriptor fd, String... names) {
        for (String n : names) {
            Optional<MemorySegment> s = lib.lookup().find(n);
            if (s.isPresent()) return Optional.of(LINKER.downcallHandle(s.get(), fd));
        }
        return Optional.empty();
    }
}
