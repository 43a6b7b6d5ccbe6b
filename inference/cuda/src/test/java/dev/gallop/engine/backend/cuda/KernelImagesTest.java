package dev.gallop.engine.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.gallop.engine.backend.cuda.kernels.KernelTable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/// The fatbins nvcc packed into the jar (skipped, naming why, when the build had no nvcc): one per natives/*.cu file,
/// each a real fatbin, together exporting every kernel the Java side declares ([KernelTable]).
class KernelImagesTest {
    static final int FATBIN_MAGIC = 0xBA55ED50;

    @Test void everyLaunchedKernelIsInTheJarsFatbins() throws Exception {
        Map<String, byte[]> images = KernelImages.load();
        assumeFalse(images.isEmpty(), "this build carries no CUDA kernels (nvcc was not found at build time)");
        List<String> missing = new ArrayList<>();
        for (String k : KernelTable.all().keySet()) {
            byte[] needle = (k + "\0").getBytes(StandardCharsets.US_ASCII);
            if (images.values().stream().noneMatch(img -> indexOf(img, needle) >= 0)) missing.add(k);
        }
        assertEquals(List.of(), missing, "kernels launched from Java but absent from natives/*.cu");
        for (Map.Entry<String, byte[]> e : images.entrySet()) {
            int magic = ByteBuffer.wrap(e.getValue()).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
            assertEquals(FATBIN_MAGIC, magic, e.getKey() + ".fatbin is not a fatbin");
        }
    }

    @Test void theBuildInfoNamesTheArchitecturesAndTheToolkit() throws Exception {
        assumeFalse(KernelImages.families().isEmpty(), "this build carries no CUDA kernels (nvcc was not found at build time)");
        String info = KernelImages.buildInfo();
        assertTrue(info.contains("archs=80 86 89 90a") && info.contains("ptx=compute_80"), info);
        assertTrue(KernelImages.toolkitVersion() >= 12000, info);
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
