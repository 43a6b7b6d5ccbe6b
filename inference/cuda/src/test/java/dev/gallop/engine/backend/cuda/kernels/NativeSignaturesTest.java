package dev.gallop.engine.backend.cuda.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.backend.cuda.kernels.NativeKernel.Param;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/// Every kernel Java declares ([KernelTable]) against the `extern "C"` signature in natives/*.cu, and every extern
/// kernel there declared in Java: a launch whose argument list differs from the C function fails here, at build
/// time, without a GPU (a launch is also refused at run time when its arguments differ from the declaration).
class NativeSignaturesTest {
    private static final Pattern KERNEL = Pattern.compile(
            "extern\\s+\"C\"\\s+__global__\\s+void\\s+(?:__launch_bounds__\\([^)]*\\)\\s+)?(\\w+)\\s*\\(([^)]*)\\)");

    static Path natives() { return Path.of(System.getProperty("gallop.natives.dir", "../../natives")); }

    /// name → parameter kinds of every extern "C" kernel in the .cu files.
    static Map<String, List<Param>> parse() throws IOException {
        Map<String, List<Param>> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(natives())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".cu")).sorted().toList()) {
                String src = Files.readString(f).replaceAll("//[^\\n]*", "");
                Matcher m = KERNEL.matcher(src);
                while (m.find()) {
                    List<Param> ps = new ArrayList<>();
                    String params = m.group(2).trim();
                    if (!params.isEmpty()) for (String p : params.split(",")) ps.add(kind(p.trim(), f, m.group(1)));
                    if (out.put(m.group(1), ps) != null) throw new IllegalStateException("kernel " + m.group(1) + " is defined twice in natives/");
                }
            }
        }
        return out;
    }

    /// The kind a C parameter declaration is passed as.
    static Param kind(String decl, Path file, String kernel) {
        String d = decl.replaceAll("\\s+", " ");
        String type = d.substring(0, d.lastIndexOf(' ')).replace("const ", "").trim();
        if (d.contains("*")) return Param.PTR;
        return switch (type) {
            case "int64_t", "long long", "unsigned long long", "uint64_t", "size_t" -> Param.I64;
            case "int", "int32_t", "unsigned", "unsigned int" -> Param.I32;
            case "float" -> Param.F32;
            case "KeyRanges" -> Param.STRUCT;
            default -> throw new IllegalArgumentException(file.getFileName() + ": kernel " + kernel + " has a parameter '" + decl
                    + "' of a type the launcher cannot pass");
        };
    }

    @Test void everyDeclaredKernelExistsWithTheSameParameters() throws IOException {
        Map<String, List<Param>> c = parse();
        List<String> problems = new ArrayList<>();
        for (NativeKernel k : KernelTable.all().values()) {
            List<Param> actual = c.get(k.name());
            if (actual == null) problems.add(k.name() + ": declared in Java, not in natives/");
            else if (!actual.equals(k.params())) problems.add(k.name() + ": Java passes " + k.params() + ", the C kernel takes " + actual);
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test void everyNativeKernelIsDeclared() throws IOException {
        Map<String, NativeKernel> declared = KernelTable.all();
        List<String> orphans = parse().keySet().stream().filter(n -> !declared.containsKey(n)).toList();
        assertTrue(orphans.isEmpty(), "kernels in natives/ that Java never declares: " + orphans);
    }

    @Test void theParserReadsParameterKinds() {
        assertEquals(Param.PTR, kind("const __nv_bfloat16* x", Path.of("t.cu"), "k"));
        assertEquals(Param.I64, kind("int64_t n", Path.of("t.cu"), "k"));
        assertEquals(Param.I32, kind("int width", Path.of("t.cu"), "k"));
        assertEquals(Param.F32, kind("float eps", Path.of("t.cu"), "k"));
        assertEquals(Param.STRUCT, kind("KeyRanges ranges", Path.of("t.cu"), "k"));
    }
}
