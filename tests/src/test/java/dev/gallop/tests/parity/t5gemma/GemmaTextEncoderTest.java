package dev.gallop.tests.parity.t5gemma;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.models.TextEncoder;
import dev.gallop.engine.models.t5gemma.GemmaTextEncoder;
import dev.gallop.engine.models.t5gemma.T5GemmaOptions;
import dev.gallop.engine.runtime.Trace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The whole text encoder on a model folder assembled from the golden weights and the hand-written tokenizer:
/// prompt → ids without BOS → encoder → fp16 → the first min(L, 640) rows of the *full* prompt's encoding.
class GemmaTextEncoderTest {
    @TempDir Path dir;

    private Path folder() throws IOException {
        Path g = T5GemmaGoldens.dir();
        Files.copy(g.resolve("config.json"), dir.resolve("config.json"));
        Files.copy(g.resolve("weights.safetensors"), dir.resolve("weights.safetensors"));
        TinyTokenizerJson.write(dir);
        return dir;
    }

    @Test void encodesThePromptsIds() throws IOException {
        try (GemmaTextEncoder te = GemmaTextEncoder.open(folder(), CpuDevice.get(), T5GemmaOptions.magiHuman())) {
            assertEquals(64, te.channels());
            float[] f = te.encode("hello world").toFloats();
            assertArrayEquals(te.encoder().encode(new int[] {15, 20}, T5GemmaOptions.magiHuman(), Trace.NONE), f);
            assertEquals(2 * 64, f.length);
        }
    }

    @Test void encodesTheFullPromptThenTrimsTo640Rows() throws IOException {
        try (GemmaTextEncoder te = GemmaTextEncoder.open(folder(), CpuDevice.get(), T5GemmaOptions.magiHuman())) {
            String prompt = String.join(" ", Collections.nCopies(700, "hello"));   // 1399 tokens
            int[] ids = te.tokenizer().encode(prompt);
            float[] f = te.encode(prompt).toFloats();
            assertEquals(TextEncoder.MAX_TOKENS * 64, f.length);
            float[] full = te.encoder().encode(ids, T5GemmaOptions.magiHuman(), Trace.NONE);
            assertArrayEquals(Arrays.copyOf(full, f.length), f);
            // trimming the ids first would give other features (full-attention layers see every token)
            float[] early = te.encoder().encode(Arrays.copyOf(ids, TextEncoder.MAX_TOKENS), T5GemmaOptions.magiHuman(), Trace.NONE);
            assertFalse(Arrays.equals(early, f));
        }
    }

    @Test void emptyPromptIsAClearError() throws IOException {
        try (GemmaTextEncoder te = GemmaTextEncoder.open(folder(), CpuDevice.get(), T5GemmaOptions.magiHuman())) {
            var e = assertThrows(IllegalArgumentException.class, () -> te.encode(""));
            assertTrue(e.getMessage().contains("no tokens"), e.getMessage());
        }
    }

    @Test void missingTokenizerNamesTheFile() throws IOException {
        Path f = folder();
        Files.delete(f.resolve("tokenizer.json"));
        var e = assertThrows(NoSuchFileException.class, () -> GemmaTextEncoder.open(f, CpuDevice.get(), T5GemmaOptions.magiHuman()));
        assertTrue(e.getMessage().contains(f.resolve("tokenizer.json").toString()), e.getMessage());
    }
}
