package dev.gallop.engine.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/// The fatbins nvcc packed into the jar (skipped, naming why, when the build had no nvcc): one per op family, each a
/// real fatbin, together exporting every kernel the Java side launches, for every architecture plus PTX.
class KernelImagesTest {
    /// Every kernel name CudaKernels, CudaLinear, CudaAttention and the DiT step launch.
    static final List<String> LAUNCHED = List.of("f32_to_bf16", "bf16_to_f32", "round_bf16_f32", "e4m3_to_f32", "e4m3_to_bf16",
            "quantize_rows_f32", "quantize_rows_bf16", "f32_to_bf16_2d", "rmsnorm_f32", "rmsnorm_f32_bf16", "qk_norm_rope_f32",
            "qk_norm_rope_bf16", "rope_f32", "sigmoid_gate_f32", "sigmoid_gate_bf16", "swiglu7_f32", "swiglu7_bf16", "gelu7_f32",
            "gelu7_bf16", "add_f32", "add_bf16_to_f32", "copy_columns_32", "scale_epilogue_f32", "scale_epilogue_bf16",
            "fill_uniform_f32", "fill_f32", "fill_uniform_bf16", "fill_uniform_padded_bf16", "absmax_f32", "rel_l2_parts_f32", "attention_f32");
    static final int FATBIN_MAGIC = 0xBA55ED50;

    @Test void everyLaunchedKernelIsInTheJarsFatbins() throws Exception {
        Map<String, byte[]> images = KernelImages.load();
        assumeFalse(images.isEmpty(), "this build carries no CUDA kernels (nvcc was not found at build time)");
        assertEquals(List.of("activations", "attention", "casts", "elementwise", "gating", "reductions", "rmsnorm", "rope"),
                images.keySet().stream().sorted().toList());
        List<String> missing = new ArrayList<>();
        for (String k : LAUNCHED) {
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
