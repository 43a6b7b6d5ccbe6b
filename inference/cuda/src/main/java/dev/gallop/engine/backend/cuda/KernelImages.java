package dev.gallop.engine.backend.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/// The fatbin images of Gallop's CUDA kernels, packed into the engine jar at build time by `natives/build.sh`
/// (one per op family, listed in `kernels.list`). Absent when the jar was built without nvcc.
public final class KernelImages {
    static final String DIR = "/dev/gallop/engine/backend/cuda/kernels/";

    private KernelImages() {}

    /// Family name → fatbin bytes; empty when the jar carries no kernels.
    public static Map<String, byte[]> load() throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (String family : families()) {
            try (InputStream in = KernelImages.class.getResourceAsStream(DIR + family + ".fatbin")) {
                if (in == null) throw new IOException("kernels.list names " + family + " but " + DIR + family + ".fatbin is missing from the jar");
                out.put(family, in.readAllBytes());
            }
        }
        return out;
    }

    /// The families listed in the jar's index, or none.
    public static List<String> families() throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream in = KernelImages.class.getResourceAsStream(DIR + "kernels.list")) {
            if (in == null) return names;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) names.add(line.trim());
            }
        }
        return names;
    }

    /// The CUDA version (major·1000 + minor·10, as cuDriverGetVersion reports) of the nvcc that built the kernels,
    /// read from the build info ("release 13.0"); 0 when unknown.
    public static int toolkitVersion() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("cuda_(\\d+)\\.(\\d+)").matcher(buildInfo());
        return m.find() ? Integer.parseInt(m.group(1)) * 1000 + Integer.parseInt(m.group(2)) * 10 : 0;
    }

    /// What nvcc built them with (`nvcc=...`, `archs=...`), or a note that there are none.
    public static String buildInfo() {
        try (InputStream in = KernelImages.class.getResourceAsStream(DIR + "build-info.txt")) {
            return in == null ? "no CUDA kernels in this build" : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().replace('\n', ' ');
        } catch (IOException e) {
            return "unreadable kernel build info: " + e.getMessage();
        }
    }
}
