package dev.gallop.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.io.safetensors.SafetensorsFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The headless CLI end to end on a random-weight model, and its error paths.
class GallopCliTest {
    @TempDir static Path dir;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int code = GallopCli.run(args, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    @BeforeAll static void model() {
        Run r = run("random-model", "--out", dir.resolve("tiny").toString(), "--steps", "3");
        assertEquals(0, r.code(), r.err());
    }

    @Test void generateWritesTheResultAndEveryStepsX0() throws Exception {
        Path out = dir.resolve("out/clip.safetensors");
        Run r = run("generate", "--model", dir.resolve("tiny").toString(), "--prompt", "a blue square moving up",
                "--dialogue", "Narrator|english|look up", "--seconds", "0.4", "--size", "64x32", "--seed", "5", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("step 3/3"), r.err());
        try (SafetensorsFile f = SafetensorsFile.open(out)) {
            assertEquals("[48, 3, 2, 4]", f.info("final.video").shape().toString());
            assertEquals("[11, 64]", f.info("final.audio").shape().toString());
            assertTrue(f.metadata().get("generation").contains("<Narrator, English>: \\\"look up\\\""), f.metadata().toString());
        }
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("out/clip.steps.safetensors"))) {
            for (int i = 0; i < 3; i++) assertTrue(f.contains("step" + i + ".x0.video") && f.contains("step" + i + ".x0.audio"));
        }
    }

    @Test void badInputsAreOneClearLineAndANonZeroExit() {
        // without --model the demo model is used; here it points at a folder that is not a model
        System.setProperty(dev.gallop.engine.demo.DemoModel.PROPERTY, dir.resolve("no-demo").toString());
        try {
            Run noModel = run("generate", "--prompt", "x", "--out", dir.resolve("a.safetensors").toString());
            assertEquals(1, noModel.code());
            assertTrue(noModel.err().contains("no-demo") && noModel.err().contains("model.json"), noModel.err());
        } finally {
            System.clearProperty(dev.gallop.engine.demo.DemoModel.PROPERTY);
        }

        Run notAFolder = run("generate", "--model", dir.resolve("nope").toString(), "--prompt", "x", "--out", dir.resolve("a.safetensors").toString());
        assertEquals(1, notAFolder.code());
        assertTrue(notAFolder.err().contains("nope") && notAFolder.err().contains("model.json"), notAFolder.err());

        Run badSize = run("generate", "--model", dir.resolve("tiny").toString(), "--prompt", "x", "--size", "100x50", "--out", "a.safetensors");
        assertEquals(1, badSize.code());
        assertTrue(badSize.err().contains("multiple of 32"), badSize.err());

        Run badOpt = run("generate", "--frobnicate", "1");
        assertEquals(2, badOpt.code());
        assertTrue(badOpt.err().contains("--frobnicate"), badOpt.err());

        Run noDecoder = run("generate", "--model", dir.resolve("tiny").toString(), "--prompt", "x", "--out", dir.resolve("a.mp4").toString());
        assertEquals(2, noDecoder.code());
        assertTrue(noDecoder.err().contains("no video decoder"), noDecoder.err());

        Run badLang = run("generate", "--model", "m", "--prompt", "x", "--out", "a.safetensors", "--dialogue", "A|klingon|hi");
        assertEquals(2, badLang.code());
        assertTrue(badLang.err().contains("klingon"), badLang.err());

        Run srSizeAlone = run("generate", "--model", dir.resolve("tiny").toString(), "--prompt", "x", "--sr-size", "128x64", "--out", "a.safetensors");
        assertEquals(2, srSizeAlone.code());
        assertTrue(srSizeAlone.err().contains("--sr-size needs --sr"), srSizeAlone.err());

        Run badVariant = run("generate", "--model", dir.resolve("tiny").toString(), "--prompt", "x", "--variant", "turbo", "--out", "a.safetensors");
        assertEquals(2, badVariant.code());
        assertTrue(badVariant.err().contains("distill or base"), badVariant.err());

        Run variantOnAFolder = run("generate", "--model", dir.resolve("tiny").toString(), "--prompt", "x", "--variant", "base",
                "--out", dir.resolve("a.safetensors").toString());
        assertEquals(1, variantOnAFolder.code());
        assertTrue(variantOnAFolder.err().contains("single DiT"), variantOnAFolder.err());

        Run badSeconds = run("generate", "--model", dir.resolve("tiny").toString(), "--prompt", "x", "--seconds", "-1", "--out", "a.safetensors");
        assertEquals(1, badSeconds.code());
        assertTrue(badSeconds.err().contains("duration"), badSeconds.err());
    }
}
