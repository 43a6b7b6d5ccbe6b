package dev.gallop.engine.pipeline.discovery;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gallop.engine.cli.GallopCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// `gallop models`: the table, the JSON form, and the exit codes.
class ModelsCommandTest {
    @TempDir Path root;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int code = GallopCli.run(args, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    @Test void tablePrintsEveryComponentWithStatusPathAndWhatIsMissing() throws Exception {
        ModelFolderFixture.writeAll(root);
        Files.delete(root.resolve("text_encoders/t5gemma-9b-9b-ul2/tokenizer.json"));
        Files.delete(root.resolve("vae/wan2.2/Wan2.2_VAE.pth"));
        Run r = run("models", "--root", root.toString());
        assertEquals(1, r.code(), "an incomplete component fails the check: " + r.err());
        String out = r.out();
        assertTrue(out.contains("COMPONENT") && out.contains("STATUS") && out.contains("PATH"), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("dit-base") && l.contains("FOUND") && l.contains("diffusion_models/magihuman/base")), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("text-encoder") && l.contains("INCOMPLETE") && l.contains("missing tokenizer.json")), out);
        assertTrue(out.contains("belongs at text_encoders/t5gemma-9b-9b-ul2"), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("wan-vae") && l.contains("MISSING") && l.contains("vae/wan2.2/Wan2.2_VAE.pth")
                && l.contains("Wan-AI/Wan2.2-TI2V-5B")), out);
    }

    @Test void jsonListsEveryComponent() throws Exception {
        ModelFolderFixture.dit(root.resolve("diffusion_models/magihuman/distill"));
        Run r = run("models", "--root", root.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(8, j.path("components").size());
        JsonNode distill = j.path("components").get(1);
        assertEquals("dit-distill", distill.path("id").asText());
        assertEquals("FOUND", distill.path("status").asText());
        assertEquals(3, distill.path("files").size());
        assertEquals("MISSING", j.path("components").get(0).path("status").asText());
        assertTrue(j.path("components").get(0).path("problems").get(0).asText().contains("put it at"));
    }

    @Test void everythingFoundOrOnlyMissingExitsZero() throws Exception {
        ModelFolderFixture.writeAll(root);
        assertEquals(0, run("models", "--root", root.toString()).code());
        Files.delete(root.resolve("vae/wan2.2/Wan2.2_VAE.pth"));
        Run r = run("models", "--root", root.toString());
        assertEquals(0, r.code(), "a missing optional component is only listed: " + r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("wan-vae") && l.contains("MISSING")), r.out());
    }

    /// The reported hang: a 71-byte pickle named like the Wan VAE, a dict key of nested tuples sharing their children.
    @org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    @Test void aHostileTinyPthIsReportedQuicklyAsIncomplete() throws Exception {
        ModelFolderFixture.writeAll(root);
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.write(new byte[] {(byte) 0x80, 2, '}', ')'});
        for (int i = 0; i < 32; i++) b.write(new byte[] {'2', (byte) 0x86});
        b.write(new byte[] {'N', 's', '.'});
        Files.write(root.resolve("vae/wan2.2/Wan2.2_VAE.pth"), b.toByteArray());
        long t0 = System.nanoTime();
        Run r = run("models", "--root", root.toString());
        assertTrue(System.nanoTime() - t0 < 20_000_000_000L, "took " + (System.nanoTime() - t0) / 1e9 + " s");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("wan-vae") && l.contains("INCOMPLETE")), r.out());
    }

    @Test void aBadRootExitsNonZeroWithOneLine() throws Exception {
        Run r = run("models", "--root", root.resolve("absent").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("bad models root") && r.err().contains("absent"), r.err());
        Path file = Files.writeString(root.resolve("file.txt"), "x");
        Run f = run("models", "--root", file.toString());
        assertEquals(1, f.code());
        assertTrue(f.err().contains("not a folder"), f.err());
        assertEquals(2, run("models", "--frob").code());
    }
}
