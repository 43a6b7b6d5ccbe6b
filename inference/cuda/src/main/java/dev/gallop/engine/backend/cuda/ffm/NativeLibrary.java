package dev.gallop.engine.backend.cuda.ffm;

import java.io.File;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/// Finds a shared library at run time by soname: first in the folders named by `-Dgallop.cuda.libs` or the
/// environment variable `GALLOP_CUDA_LIBS` (path-separator separated, e.g. the `nvidia/cublas/lib` folder of a pip
/// install), then through the system loader (LD_LIBRARY_PATH, ldconfig's cache, PATH on Windows). The first soname
/// that loads wins, so CUDA 13 libraries are preferred to CUDA 12 ones when both are listed in that order.
///
/// @param what     a human name for messages ("the CUDA driver", "cuBLASLt")
/// @param lookup   the library's symbols
/// @param soname   the name that loaded
/// @param location the file it was loaded from, or the soname when the system loader found it
public record NativeLibrary(String what, SymbolLookup lookup, String soname, String location) {

    public static final String DIRS_PROPERTY = "gallop.cuda.libs";
    public static final String DIRS_ENV = "GALLOP_CUDA_LIBS";

    /// Loads the first of `sonames` found in the configured folders or by the system loader, into `arena`.
    public static NativeLibrary load(String what, List<String> sonames, String hint, Arena arena) throws MissingLibraryException {
        return load(what, sonames, configuredDirs(), hint, arena);
    }

    /// As [#load(String, List, String, Arena)] with explicit search folders (tests).
    public static NativeLibrary load(String what, List<String> sonames, List<Path> dirs, String hint, Arena arena)
            throws MissingLibraryException {
        List<String> failures = new ArrayList<>();
        for (Path dir : dirs) {
            for (String name : sonames) {
                Path file = dir.resolve(name);
                if (!Files.exists(file)) continue;
                try {
                    return new NativeLibrary(what, SymbolLookup.libraryLookup(file, arena), name, file.toString());
                } catch (IllegalArgumentException e) {
                    failures.add(file + " (" + e.getMessage() + ")");
                }
            }
        }
        for (String name : sonames) {
            try {
                return new NativeLibrary(what, SymbolLookup.libraryLookup(name, arena), name, name);
            } catch (IllegalArgumentException e) {
                // not on the loader's path; reported below
            }
        }
        StringBuilder sb = new StringBuilder(what).append(" was not found: tried ").append(String.join(", ", sonames))
                .append(" through the system library path");
        if (!dirs.isEmpty()) sb.append(" and in ").append(dirs);
        if (!failures.isEmpty()) sb.append("; present but not loadable: ").append(String.join("; ", failures));
        sb.append(". ").append(hint).append("; or set ").append(DIRS_ENV).append(" (-D").append(DIRS_PROPERTY)
                .append(") to the folder that holds it");
        throw new MissingLibraryException(sb.toString());
    }

    /// The folders of `-Dgallop.cuda.libs`, else of `GALLOP_CUDA_LIBS`; empty when neither is set.
    public static List<Path> configuredDirs() {
        String v = System.getProperty(DIRS_PROPERTY);
        if (v == null || v.isBlank()) v = System.getenv(DIRS_ENV);
        List<Path> out = new ArrayList<>();
        if (v == null || v.isBlank()) return out;
        for (String part : v.split(File.pathSeparator)) if (!part.isBlank()) out.add(Path.of(part.trim()));
        return out;
    }

    static boolean windows() { return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows"); }

    /// Sonames of the CUDA driver, cuBLASLt (13, then 12) and cuDNN 9 on this OS.
    public static List<String> driverNames() { return windows() ? List.of("nvcuda.dll") : List.of("libcuda.so.1", "libcuda.so"); }

    public static List<String> cublasLtNames() {
        return windows() ? List.of("cublasLt64_13.dll", "cublasLt64_12.dll") : List.of("libcublasLt.so.13", "libcublasLt.so.12");
    }

    public static List<String> cudnnNames() { return windows() ? List.of("cudnn64_9.dll") : List.of("libcudnn.so.9"); }
}
