package dev.gallop.engine.backend.cuda.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The sequence kernels' CUDA source run on the CPU (src/test/cpp: a g++ build of natives/conv1d.cu, snake.cu and
/// resample.cu over an emulation of the CUDA built-ins, a thread per CUDA thread) against their definitions in double:
/// the tiling, the gathers, the per-phase launches, the spectrum edit and the scaling are checked without a GPU.
/// cuFFT itself is not emulated (naive transforms stand in for it); the `-Pcuda` harness checks the real thing.
class SequenceKernelsEmulatedTest {
    static final List<String> SOURCES = List.of("conv1d.cu", "snake.cu", "resample.cu");

    @Test void kernelsMatchTheirDefinitionsOnTheCpu(@TempDir Path dir) throws Exception {
        Path cpp = Path.of("src/test/cpp");
        for (String f : SOURCES) Files.copy(NativeSignaturesTest.natives().resolve(f), dir.resolve(f));
        Files.copy(cpp.resolve("emulated_common.cuh"), dir.resolve("common.cuh"));
        Files.copy(cpp.resolve("sequence_kernels_emulated.cpp"), dir.resolve("main.cpp"));
        Path exe = dir.resolve("emulated");
        String[] build = run(List.of("g++", "-std=c++20", "-O1", "-ffp-contract=off", "-pthread", "-o", exe.toString(), dir.resolve("main.cpp").toString()), dir);
        assumeTrue(build != null, "g++ is not installed");
        assumeTrue(!build[1].contains("barrier: No such file"), "g++ lacks C++20 <barrier>: " + build[1]);
        assertEquals("0", build[0], "g++ failed:\n" + build[1]);
        String[] out = run(List.of(exe.toString()), dir);
        System.out.println(out[1]);
        assertEquals("0", out[0], out[1]);
        assertTrue(out[1].contains("\n0 failures") && out[1].lines().filter(l -> l.endsWith(" ok")).count() >= 25,
                "the emulation ran fewer cases than expected:\n" + out[1]);
    }

    /// {exit code, output}, or null when the program cannot be started.
    private static String[] run(List<String> cmd, Path dir) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            return null;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish in 300 s:\n" + out);
        }
        return new String[] {Integer.toString(p.exitValue()), out};
    }
}
