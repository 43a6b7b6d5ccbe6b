package dev.gallop.engine.backend.cuda.ffm;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/// Evaluates C constant expressions against the installed CUDA headers: writes a C program that prints each
/// expression, compiles it with gcc (headers only, nothing linked) and reads the values back. Used to check the
/// hand-written bindings' constants and struct layouts against cuda.h, library_types.h, cublasLt.h and cudnn_graph.h.
final class CHeaders {
    private CHeaders() {}

    /// Folders to search for headers: -Dgallop.cuda.include, $CUDA_HOME/include, /usr/local/cuda*/include.
    static List<Path> includeDirs() {
        List<Path> dirs = new ArrayList<>();
        String prop = System.getProperty("gallop.cuda.include");
        if (prop != null) for (String p : prop.split(File.pathSeparator)) if (!p.isBlank()) dirs.add(Path.of(p.trim()));
        String home = System.getenv("CUDA_HOME");
        if (home != null) dirs.add(Path.of(home, "include"));
        dirs.add(Path.of("/usr/local/cuda/include"));
        try (var s = Files.list(Path.of("/usr/local"))) {
            s.filter(p -> p.getFileName().toString().startsWith("cuda-")).sorted().forEach(p -> dirs.add(p.resolve("include")));
        } catch (IOException e) {
            // no /usr/local
        }
        return dirs.stream().filter(Files::isDirectory).distinct().toList();
    }

    /// The first include folder holding `header`, if any.
    static Optional<Path> find(String header) {
        return includeDirs().stream().filter(d -> Files.exists(d.resolve(header))).findFirst();
    }

    static boolean gccPresent() {
        try {
            return new ProcessBuilder("gcc", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /// name → value of each C expression (evaluated as long long, or as size_t for sizeof/offsetof).
    static Map<String, Long> evaluate(List<String> headers, Map<String, String> expressions, Path work) throws Exception {
        StringBuilder c = new StringBuilder("#include <stdio.h>\n#include <stddef.h>\n");
        for (String h : headers) c.append("#include <").append(h).append(">\n");
        c.append("int main(void) {\n");
        for (Map.Entry<String, String> e : expressions.entrySet()) {
            c.append("  printf(\"%s=%lld\\n\", \"").append(e.getKey()).append("\", (long long) (").append(e.getValue()).append("));\n");
        }
        c.append("  return 0;\n}\n");
        Path src = work.resolve("probe.c"), exe = work.resolve("probe");
        Files.writeString(src, c);
        List<String> cmd = new ArrayList<>(List.of("gcc", "-w", "-o", exe.toString(), src.toString()));
        for (Path d : includeDirs()) cmd.add("-I" + d);
        run(cmd);
        Map<String, Long> out = new LinkedHashMap<>();
        for (String line : run(List.of(exe.toString())).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) out.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1).trim()));
        }
        return out;
    }

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed:\n" + output);
        }
        return output;
    }
}
