package dev.gallop.engine.io.safetensors;

import static org.junit.jupiter.api.Assertions.*;

import dev.gallop.engine.io.Checkpoints;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardedCheckpointTest {
    @TempDir Path dir;

    static final String S1 = "model-00001-of-00002.safetensors", S2 = "model-00002-of-00002.safetensors";

    private void shards() throws IOException {
        new SafetensorsWriter().add("a.weight", new float[] {1, 2, 3, 4}, Shape.of(2, 2), DType.F32)
                .add("a.bias", new float[] {5, 6}, Shape.of(2), DType.BF16).write(dir.resolve(S1));
        new SafetensorsWriter().add("b.weight", new float[] {7, 8}, Shape.of(1, 2), DType.F16).write(dir.resolve(S2));
    }

    private Path index(Map<String, String> weightMap) throws IOException {
        StringBuilder sb = new StringBuilder("{\"metadata\": {\"total_size\": 22, \"format\": \"pt\"}, \"weight_map\": {");
        String sep = "";
        for (var e : weightMap.entrySet()) {
            sb.append(sep).append('"').append(e.getKey()).append("\": \"").append(e.getValue()).append('"');
            sep = ", ";
        }
        Path p = dir.resolve(Checkpoints.INDEX);
        Files.writeString(p, sb.append("}}").toString());
        return p;
    }

    private Map<String, String> goodMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("a.weight", S1);
        m.put("a.bias", S1);
        m.put("b.weight", S2);
        return m;
    }

    private String error(Path open) {
        IOException e = assertThrows(IOException.class, () -> Checkpoints.open(open).close());
        return e.getMessage();
    }

    @Test void happyPath() throws IOException {
        shards();
        Path idx = index(goodMap());
        for (Path p : new Path[] {dir, idx}) {
            try (Checkpoint c = Checkpoints.open(p)) {
                assertInstanceOf(ShardedCheckpoint.class, c);
                assertEquals(2, ((ShardedCheckpoint) c).shardCount());
                assertEquals(Set.of("a.weight", "a.bias", "b.weight"), c.keys());
                assertEquals(dir.resolve(S2).toAbsolutePath(), c.fileOf("b.weight").toAbsolutePath());
                assertEquals(dir.resolve(S1).toAbsolutePath(), c.fileOf("a.bias").toAbsolutePath());
                assertEquals(Shape.of(1, 2), c.info("b.weight").shape());
                assertEquals(DType.F16, c.info("b.weight").dtype());
                assertEquals(16, c.data("a.weight").byteSize());
                assertEquals("22", c.metadata().get("total_size"));
                assertTrue(c.contains("a.bias") && !c.contains("zzz"));
                var e = assertThrows(IllegalArgumentException.class, () -> c.data("zzz"));
                assertTrue(e.getMessage().contains("'zzz'") && e.getMessage().contains(Checkpoints.INDEX), e.getMessage());
            }
        }
    }

    @Test void missingShard() throws IOException {
        shards();
        var m = goodMap();
        m.put("c.weight", "model-00003-of-00003.safetensors");
        index(m);
        String msg = error(dir);
        assertTrue(msg.contains("model-00003-of-00003.safetensors") && msg.contains("'c.weight'")
                && msg.contains("does not exist") && msg.contains(Checkpoints.INDEX), msg);
    }

    @Test void keyNotInItsShard() throws IOException {
        shards();
        var m = goodMap();
        m.put("b.weight", S1);   // really in S2
        index(m);
        String msg = error(dir);
        // S2 is no longer listed, so it is not opened; the index entry is wrong.
        assertTrue(msg.contains("'b.weight'") && msg.contains(S1) && msg.contains("does not contain"), msg);
    }

    @Test void keyInTwoShards() throws IOException {
        shards();
        new SafetensorsWriter().add("b.weight", new float[] {7, 8}, Shape.of(1, 2), DType.F16)
                .add("a.bias", new float[] {1, 1}, Shape.of(2), DType.F32).write(dir.resolve(S2));
        index(goodMap());
        String msg = error(dir);
        assertTrue(msg.contains("'a.bias'") && msg.contains(S1) && msg.contains(S2) && msg.contains("two shards"), msg);
    }

    @Test void shardHoldsUnlistedKey() throws IOException {
        shards();
        var m = goodMap();
        m.remove("a.bias");
        index(m);
        String msg = error(dir);
        assertTrue(msg.contains("'a.bias'") && msg.contains(S1) && msg.contains("does not list"), msg);
    }

    @Test void truncatedShard() throws IOException {
        shards();
        index(goodMap());
        Path s1 = dir.resolve(S1);
        try (FileChannel ch = FileChannel.open(s1, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 3);
        }
        String msg = error(dir);
        assertTrue(msg.contains(S1) && msg.contains("truncated") && (msg.contains("'a.bias'") || msg.contains("'a.weight'")), msg);
    }

    @Test void malformedIndex() throws IOException {
        shards();
        Path p = dir.resolve(Checkpoints.INDEX);
        Files.writeString(p, "{\"metadata\": {}}");
        assertTrue(error(dir).contains("weight_map"));
        Files.writeString(p, "{\"weight_map\": {\"a.weight\": ");
        String msg = error(dir);
        assertTrue(msg.contains(Checkpoints.INDEX) && msg.contains("cannot read"), msg);
        Files.writeString(p, "{\"weight_map\": {\"a.weight\": \"../" + S1 + "\"}}");
        msg = error(dir);
        assertTrue(msg.contains("not a file name"), msg);
    }

    @Test void directoryForms() throws IOException {
        Path one = Files.createDirectory(dir.resolve("one"));
        new SafetensorsWriter().add("x", new float[] {1}, Shape.of(1), DType.F32).write(one.resolve("diffusion.safetensors"));
        try (Checkpoint c = Checkpoints.open(one)) {
            assertInstanceOf(SingleFileCheckpoint.class, c);
            assertEquals(Set.of("x"), c.keys());
            assertEquals(one.resolve("diffusion.safetensors"), c.fileOf("x"));
        }
        new SafetensorsWriter().add("y", new float[] {1}, Shape.of(1), DType.F32).write(one.resolve("other.safetensors"));
        String msg = error(one);
        assertTrue(msg.contains("2 .safetensors files") && msg.contains("other.safetensors"), msg);
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertTrue(error(empty).contains("no .safetensors"));
        assertThrows(java.nio.file.NoSuchFileException.class, () -> Checkpoints.open(dir.resolve("absent.safetensors")));
    }

    @Test void otherIndexNameIsFound() throws IOException {
        shards();
        Path idx = index(goodMap());
        Files.move(idx, dir.resolve("diffusion_pytorch_model.safetensors.index.json"));
        try (Checkpoint c = Checkpoints.open(dir)) {
            assertEquals(3, c.keys().size());
        }
    }
}
