package dev.gallop.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// `gallop generate --plan` and `--vram`: the plan printed before any work, and a request over the budget refused
/// with the reason and no files made.
class GeneratePlanTest {
    @TempDir static Path dir;

    @BeforeAll static void model() {
        GallopCliTest.Run r = GallopCliTest.run("random-model", "--out", dir.resolve("tiny").toString(), "--steps", "2");
        assertEquals(0, r.code(), r.err());
    }

    @Test void planPrintsEveryStageAndThePlacementWithoutWork() {
        GallopCliTest.Run r = GallopCliTest.run("generate", "--model", dir.resolve("tiny").toString(), "--prompt", "a red circle",
                "--seconds", "1", "--size", "64x32", "--device", "cpu", "--plan");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("memory plan on cpu, budget unlimited"), r.out());
        assertTrue(r.out().contains("text encoding") && r.out().contains("denoising"), r.out());
        assertTrue(r.out().contains("placement: each component released after its stage"), r.out());
        assertTrue(r.out().contains("fits: peak"), r.out());
        assertFalse(r.err().contains("step 1/"), "nothing ran: " + r.err());
    }

    @Test void aBudgetTooSmallIsRefusedBeforeAnyFileIsMade() throws Exception {
        // a 4 s 1024x576 clip's DiT activations alone need more than 64 MiB
        Path out = dir.resolve("refused/clip.safetensors");
        GallopCliTest.Run plan = GallopCliTest.run("generate", "--model", dir.resolve("tiny").toString(), "--prompt", "a red circle",
                "--seconds", "4", "--size", "1024x576", "--device", "cpu", "--vram", "64M", "--plan");
        assertEquals(GenerateCommand.NO_FIT, plan.code(), plan.out() + plan.err());
        assertTrue(plan.out().contains("does not fit: denoising needs"), plan.out());
        assertTrue(plan.out().contains("within the budget of 64 MiB"), plan.out());

        GallopCliTest.Run run = GallopCliTest.run("generate", "--model", dir.resolve("tiny").toString(), "--prompt", "a red circle",
                "--seconds", "4", "--size", "1024x576", "--device", "cpu", "--vram", "64M", "--out", out.toString());
        assertEquals(GenerateCommand.NO_FIT, run.code(), run.err());
        assertTrue(run.err().contains("does not fit") && run.err().contains("raise the budget"), run.err());
        assertFalse(Files.exists(out.getParent()), "no output folder for a refused run");
    }

    @Test void aBadBudgetIsAUsageError() {
        GallopCliTest.Run r = GallopCliTest.run("generate", "--model", dir.resolve("tiny").toString(), "--prompt", "x", "--plan",
                "--vram", "lots");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("memory budget 'lots' is not a size"), r.err());
    }
}
