package dev.gallop.tests.parity.t5gemma;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.gallop.engine.models.t5gemma.GemmaTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The Gemma tokenizer wrapper on a hand-written tokenizer.json: ids as the BPE merges give them, no BOS/EOS even
/// though the file's post-processor would add <bos>, no truncation, and errors that name the file.
class GemmaTokenizerTest {
    @TempDir Path dir;

    @Test void idsWithoutSpecialTokens() throws IOException {
        try (GemmaTokenizer t = GemmaTokenizer.open(TinyTokenizerJson.write(dir))) {
            assertArrayEquals(new int[] {TinyTokenizerJson.HELLO, TinyTokenizerJson.WORLD}, t.encode("hello world"));
            assertArrayEquals(new int[] {TinyTokenizerJson.HELLO, TinyTokenizerJson.SPACE, TinyTokenizerJson.HELLO}, t.encode("hello hello"));
            assertArrayEquals(new int[0], t.encode(""));
        }
    }

    @Test void theFileWouldAddBosIfAsked() throws IOException {
        // Guards the test above: the same file with special tokens on does prepend <bos>.
        try (HuggingFaceTokenizer raw = HuggingFaceTokenizer.newInstance(TinyTokenizerJson.write(dir), Map.of())) {
            long[] ids = raw.encode("hello world", true, false).getIds();
            assertArrayEquals(new long[] {TinyTokenizerJson.BOS, TinyTokenizerJson.HELLO, TinyTokenizerJson.WORLD}, ids);
        }
    }

    @Test void opensAFolderHoldingTokenizerJson() throws IOException {
        TinyTokenizerJson.write(dir);
        try (GemmaTokenizer t = GemmaTokenizer.open(dir)) {
            assertEquals(dir.resolve("tokenizer.json"), t.file());
            assertArrayEquals(new int[] {15, 20}, t.encode("hello world"));
        }
    }

    @Test void longPromptsAreNotTruncated() throws IOException {
        String prompt = String.join(" ", Collections.nCopies(700, "hello"));
        try (GemmaTokenizer t = GemmaTokenizer.open(TinyTokenizerJson.write(dir))) {
            int[] ids = t.encode(prompt);
            assertEquals(1399, ids.length);
            assertTrue(Arrays.stream(ids).noneMatch(i -> i == TinyTokenizerJson.BOS || i == 1), "no BOS/EOS anywhere");
        }
    }

    @Test void missingFileNamesIt() {
        Path f = dir.resolve("tokenizer.json");
        IOException e = assertThrows(IOException.class, () -> GemmaTokenizer.open(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        IOException e2 = assertThrows(IOException.class, () -> GemmaTokenizer.open(dir));
        assertTrue(e2.getMessage().contains(f.toString()), e2.getMessage());
    }

    @Test void malformedJsonNamesTheFile() throws IOException {
        Path f = Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": {\"type\": \"BPE\", ");
        IOException e = assertThrows(IOException.class, () -> GemmaTokenizer.open(f));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("not a valid tokenizer.json"), e.getMessage());
    }

    @Test void jsonThatIsNoTokenizerNamesTheFile() throws IOException {
        Path f = Files.writeString(dir.resolve("tokenizer.json"), "{\"vocab\": {}}");
        IOException e = assertThrows(IOException.class, () -> GemmaTokenizer.open(f));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("'model'"), e.getMessage());
    }

    @Test void aModelTheLibraryRejectsNamesTheFile() throws IOException {
        Path f = Files.writeString(dir.resolve("tokenizer.json"), TinyTokenizerJson.JSON.replace("\"type\": \"BPE\"", "\"type\": \"NoSuchModel\""));
        IOException e = assertThrows(IOException.class, () -> GemmaTokenizer.open(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }
}
