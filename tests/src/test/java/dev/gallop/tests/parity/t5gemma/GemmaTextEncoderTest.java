package dev.gallop.tests.parity.t5gemma;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.models.TextEncoder;
import dev.gallop.engine.models.t5gemma.GemmaTextEncoder;
import dev.gallop.engine.models.t5gemma.T5GemmaConfig;
import dev.gallop.engine.models.t5gemma.T5GemmaOptions;
import dev.gallop.engine.runtime.Trace;
import dev.gallop.tests.parity.GoldenDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/// The whole text encoder on a model folder assembled from each golden folder's weights (every folder of
/// `-Dgallop.goldens.t5gemma`) and the hand-written tokenizer: prompt → ids without BOS → encoder → fp16 → the first
/// min(L, 640) rows of the *full* prompt's encoding. The width comes from the set's config.
class GemmaTextEncoderTest {
    @TempDir Path dir;

    static Stream<GoldenDirs.Dir> folders() { return T5GemmaGoldens.dirs().stream(); }

    private Path folder(GoldenDirs.Dir g) throws IOException {
        T5GemmaConfig cfg = T5GemmaConfig.fromJson(g.resolve("config.json"));
        assertTrue(cfg.vocab() > TinyTokenizerJson.MAX_ID, g + ": the hand-written tokenizer's ids reach " + TinyTokenizerJson.MAX_ID
                + ", the set's vocabulary has " + cfg.vocab() + " rows");
        Files.copy(g.resolve("config.json"), dir.resolve("config.json"));
        Files.copy(g.resolve("weights.safetensors"), dir.resolve("weights.safetensors"));
        TinyTokenizerJson.write(dir);
        return dir;
    }

    static int hidden(GoldenDirs.Dir g) throws IOException { return T5GemmaConfig.fromJson(g.resolve("config.json")).hidden(); }

    /// With its projections in fp8 (what the memory planner picks when T5Gemma does not fit a card in bf16) the
    /// encoder gives features close to the stored weights' (fp8 keeps about 2 significant digits per weight), and
    /// the weights take a byte each.
    @ParameterizedTest(name = "{0}")
    @MethodSource("folders")
    void fp8ProjectionsGiveCloseFeatures(GoldenDirs.Dir g) throws IOException {
        Path f = folder(g);
        String prompt = "hello world hello";
        float[] kept, fp8;
        try (GemmaTextEncoder te = GemmaTextEncoder.open(f, CpuDevice.get(), T5GemmaOptions.magiHuman())) {
            kept = te.encode(prompt).toFloats();
        }
        try (GemmaTextEncoder te = GemmaTextEncoder.open(f, CpuDevice.get(), T5GemmaOptions.magiHuman(),
                dev.gallop.engine.nn.WeightPolicy.FP8_PER_CHANNEL)) {
            fp8 = te.encode(prompt).toFloats();
        }
        assertEquals(kept.length, fp8.length);
        double num = 0, den = 0;
        for (int i = 0; i < kept.length; i++) {
            num += (kept[i] - fp8[i]) * (double) (kept[i] - fp8[i]);
            den += (double) kept[i] * kept[i];
        }
        double rel = Math.sqrt(num / den);
        assertTrue(rel > 0 && rel < 0.08, g + ": fp8 projections move the features by a relative L2 of " + rel);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("folders")
    void encodesThePromptsIds(GoldenDirs.Dir g) throws IOException {
        int h = hidden(g);
        try (GemmaTextEncoder te = GemmaTextEncoder.open(folder(g), CpuDevice.get(), T5GemmaOptions.magiHuman())) {
            assertEquals(h, te.channels());
            float[] f = te.encode("hello world").toFloats();
            assertArrayEquals(te.encoder().encode(new int[] {TinyTokenizerJson.HELLO, TinyTokenizerJson.WORLD}, T5GemmaOptions.magiHuman(), Trace.NONE), f);
            assertEquals(2 * h, f.length);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("folders")
    void encodesTheFullPromptThenTrimsTo640Rows(GoldenDirs.Dir g) throws IOException {
        int h = hidden(g);
        try (GemmaTextEncoder te = GemmaTextEncoder.open(folder(g), CpuDevice.get(), T5GemmaOptions.magiHuman())) {
            String prompt = String.join(" ", Collections.nCopies(700, "hello"));   // 1399 tokens
            int[] ids = te.tokenizer().encode(prompt);
            float[] f = te.encode(prompt).toFloats();
            assertEquals(TextEncoder.MAX_TOKENS * h, f.length);
            float[] full = te.encoder().encode(ids, T5GemmaOptions.magiHuman(), Trace.NONE);
            assertArrayEquals(Arrays.copyOf(full, f.length), f);
            // trimming the ids first would give other features (rows near the cut see tokens beyond it)
            float[] early = te.encoder().encode(Arrays.copyOf(ids, TextEncoder.MAX_TOKENS), T5GemmaOptions.magiHuman(), Trace.NONE);
            assertFalse(Arrays.equals(early, f));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("folders")
    void emptyPromptIsAClearError(GoldenDirs.Dir g) throws IOException {
        try (GemmaTextEncoder te = GemmaTextEncoder.open(folder(g), CpuDevice.get(), T5GemmaOptions.magiHuman())) {
            var e = assertThrows(IllegalArgumentException.class, () -> te.encode(""));
            assertTrue(e.getMessage().contains("no tokens"), e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("folders")
    void missingTokenizerNamesTheFile(GoldenDirs.Dir g) throws IOException {
        Path f = folder(g);
        Files.delete(f.resolve("tokenizer.json"));
        var e = assertThrows(NoSuchFileException.class, () -> GemmaTextEncoder.open(f, CpuDevice.get(), T5GemmaOptions.magiHuman()));
        assertTrue(e.getMessage().contains(f.resolve("tokenizer.json").toString()), e.getMessage());
    }
}
