package dev.gallop.engine.nn;

import static dev.gallop.engine.nn.WeightsFixture.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.io.Checkpoints;
import dev.gallop.engine.io.safetensors.Checkpoint;
import dev.gallop.engine.io.safetensors.SafetensorsWriter;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/// Every loader error names the checkpoint file, the full key, and what was expected and found.
class WeightsErrorsTest {
    @TempDir Path dir;
    Checkpoint ckpt;
    Weights root;

    @BeforeEach void open() throws IOException {
        ckpt = Checkpoints.open(WeightsFixture.write(dir.resolve("model.safetensors")));
        root = Weights.open(ckpt, CpuDevice.get(), WeightPolicy.KEEP);
    }

    @AfterEach void close() { ckpt.close(); }

    private static String fails(Executable e, String... parts) {
        WeightLoadException ex = assertThrows(WeightLoadException.class, e);
        for (String p : parts) assertTrue(ex.getMessage().contains(p), "'" + p + "' missing from: " + ex.getMessage());
        return ex.getMessage();
    }

    @Test void missingKey() {
        Weights l = root.at("block").at("layers").at(3);
        String m = fails(() -> l.linear("attention.linear_q.weight", Shape.of(1542, 256)),
                "missing weight 'block.layers.3.attention.linear_q.weight' (expected [1542, 256]) in ", "model.safetensors");
        assertTrue(m.contains(QKV), "lists nearby keys: " + m);
        fails(() -> root.at("block").at("layers").at(4).vector("attention.pre_norm.weight", Shape.of(8)),
                "'block.layers.4.attention.pre_norm.weight'", "model.safetensors",
                "nothing under 'block.layers.4.'", "keys under 'block.layers.': [" + QKV);
        fails(() -> root.floats("nope", Shape.of(1)), "missing weight 'nope'");
        fails(() -> root.info("nope"), "missing weight 'nope'");
    }

    @Test void misShapedKey() {
        Weights l = root.at("block.layers.3");
        fails(() -> l.linear("attention.linear_qkv.weight", Shape.of(8, 6)),
                "'" + QKV + "'", "model.safetensors", "[6, 8]", "[8, 6] was expected");
        fails(() -> l.vector("attention.pre_norm.weight", Shape.of(1, 8)), "'" + NORM + "'", "[8]", "[1, 8] was expected");
        fails(() -> root.floats(BANDS, Shape.of(15)), "'" + BANDS + "'", "[16]", "[15] was expected");
    }

    @Test void wrongDtype() {
        fails(() -> root.vector(FP8, Shape.of(4, 8)), "'" + FP8 + "'", "model.safetensors", "F8_E4M3[4, 8]", "float vector");
        fails(() -> root.floats(IDS, Shape.of(2)), "'" + IDS + "'", "I64[2]", "float vector");
        fails(() -> root.linear(IDS, Shape.of(2)), "'" + IDS + "'", "I64[2]", "float weight");
        for (WeightPolicy p : WeightPolicy.values()) {
            Weights w = Weights.open(ckpt, CpuDevice.get(), p);
            fails(() -> w.linear(IDS, Shape.of(2)), "'" + IDS + "'", "I64[2]");
        }
        assertTrue(root.unusedKeys().contains(IDS), "a failed read consumes nothing");
    }

    @Test void fp8WithoutOrWithBadScale() throws IOException {
        Path f = dir.resolve("noscale.safetensors");
        new SafetensorsWriter().addRaw("w", DType.F8_E4M3, Shape.of(2, 2), new byte[4])
                .add("v", new float[4], Shape.of(2, 2), DType.F8_E4M3)
                .add("v" + Weights.FP8_SCALE_SUFFIX, new float[] {1, 2, 3}, Shape.of(3), DType.F32)
                .add("z", new float[4], Shape.of(2, 2), DType.F8_E4M3)
                .add("z" + Weights.FP8_SCALE_SUFFIX, new float[] {0}, Shape.of(1), DType.F32)
                .add("c", new float[4], Shape.of(2, 2), DType.F8_E4M3)
                .add("c" + Weights.FP8_SCALE_SUFFIX, new float[] {0.5f, 2f}, Shape.of(2), DType.F32)
                .write(f);
        try (Checkpoint c = Checkpoints.open(f)) {
            Weights w = Weights.open(c, CpuDevice.get(), WeightPolicy.KEEP);
            fails(() -> w.linear("w", Shape.of(2, 2)), "'w'", "noscale.safetensors", "'w.__fp8_scale'");
            fails(() -> w.linear("v", Shape.of(2, 2)), "'v.__fp8_scale'", "F32[3]", "[2] was expected");
            fails(() -> w.linear("z", Shape.of(2, 2)), "'z.__fp8_scale'", "positive");
            // A per-row scale is accepted too.
            assertArrayEquals(new float[] {0.5f, 2f}, w.linear("c", Shape.of(2, 2)).scales());
        }
    }

    @Test void unusedKeys() {
        root.at("block.layers.3").linear("attention.linear_qkv.weight", Shape.of(6, 8));
        String m = fails(root::requireAllConsumed, "model.safetensors", "7 weights were never read", "'" + NORM + "'",
                "'" + IDS + "'", "'" + FP8 + "'", "'" + FP8 + Weights.FP8_SCALE_SUFFIX + "'");
        assertFalse(m.contains("'" + QKV + "'"), m);
        fails(root.at("block")::requireAllConsumed, "3 weights were never read under 'block.'");
    }

    @Test void unusedListIsCapped() throws IOException {
        SafetensorsWriter sw = new SafetensorsWriter();
        for (int i = 0; i < 30; i++) sw.add("k" + i, new float[] {i}, Shape.of(1), DType.F32);
        Path f = dir.resolve("many.safetensors");
        sw.write(f);
        try (Checkpoint c = Checkpoints.open(f)) {
            Weights w = Weights.open(c, CpuDevice.get(), WeightPolicy.KEEP);
            w.floats("k7", Shape.of(1));
            String m = fails(w::requireAllConsumed, "29 weights were never read", "and 9 more", "many.safetensors");
            assertFalse(m.contains("'k7'"), m);
            assertEquals(20, m.chars().filter(ch -> ch == '\'').count() / 2);
        }
    }

    @Test void nonFiniteWeightIsNotQuantized() throws IOException {
        Path f = dir.resolve("nan.safetensors");
        new SafetensorsWriter().add("bad.weight", new float[] {1, Float.NaN, 2, 3}, Shape.of(2, 2), DType.BF16).write(f);
        try (Checkpoint c = Checkpoints.open(f)) {
            Weights w = Weights.open(c, CpuDevice.get(), WeightPolicy.FP8_PER_CHANNEL);
            fails(() -> w.linear("bad.weight", Shape.of(2, 2)), "'bad.weight'", "nan.safetensors", "non-finite");
        }
    }

    @Test void errorsAreIllegalArgumentExceptions() {
        assertThrows(IllegalArgumentException.class, () -> root.linear("absent", Shape.of(1)));
    }
}
