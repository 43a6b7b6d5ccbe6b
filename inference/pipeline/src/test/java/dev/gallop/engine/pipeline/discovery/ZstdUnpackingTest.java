package dev.gallop.engine.pipeline.discovery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.io.safetensors.SafetensorsWriter;
import dev.gallop.engine.io.zstd.ZstdCheckpoints;
import dev.gallop.engine.io.zstd.ZstdFiles;
import dev.gallop.engine.runtime.CancelToken;
import dev.gallop.engine.runtime.JobContext;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// Unpacking zstd shards: progress per shard, cancellation, and never a half-written cache file that a later run
/// would trust (temporary file + rename, the source record written last, a shortened cache file unpacked again).
class ZstdUnpackingTest {
    @TempDir Path dir;

    /// Progress reports and how often the reported work finished.
    static final class Recorder implements JobContext.Progress {
        final List<String> what = new ArrayList<>();
        final List<Double> fractions = new ArrayList<>();
        int finished;
        Runnable onReport = () -> { };

        @Override public void report(String w, double f) {
            what.add(w);
            fractions.add(f);
            onReport.run();
        }

        @Override public void finished() { finished++; }
    }

    /// 1.5 MB of random bytes: incompressible, so the .zst is read in a dozen chunks.
    private Path randomZst(String name, long seed) throws IOException {
        byte[] data = new byte[3 << 19];
        new Random(seed).nextBytes(data);
        return ZstdTestFiles.compress(Files.write(dir.resolve(name), data));
    }

    @Test void decompressReportsTheFractionReadFromZeroToOne() throws IOException {
        Path z = randomZst("x.bin", 1);
        List<Double> seen = new ArrayList<>();
        long n = ZstdFiles.decompress(z, dir.resolve("x.out"), seen::add, CancelToken.NEVER);
        assertEquals(3 << 19, n);
        assertEquals(0.0, seen.getFirst());
        assertEquals(1.0, seen.getLast());
        assertTrue(seen.size() > 5, "one report per input chunk: " + seen);
        for (int i = 1; i < seen.size(); i++) assertTrue(seen.get(i) >= seen.get(i - 1), "never goes back: " + seen);
        assertTrue(seen.stream().anyMatch(f -> f > 0.2 && f < 0.8), "reports in between: " + seen);
    }

    @Test void cancellingLeavesNoFileAndKeepsAnEarlierOutput() throws IOException {
        Path z = randomZst("x.bin", 2);
        Path out = dir.resolve("x.out");
        byte[] earlier = "an earlier complete file".getBytes();
        Files.write(out, earlier);
        CancelToken cancel = new CancelToken();
        List<Double> seen = new ArrayList<>();
        assertThrows(CancellationException.class, () -> ZstdFiles.decompress(z, out, f -> {
            seen.add(f);
            if (f > 0.3) cancel.cancel();
        }, cancel));
        assertTrue(seen.getLast() < 1.0, "stopped before the end: " + seen);
        assertArrayEquals(earlier, Files.readAllBytes(out), "the file in place is untouched");
        assertEquals(List.of(), partials(dir));
    }

    @Test void shardsReportProgressInOrderAndFinishOnce() throws IOException {
        Path ckpt = checkpoint("distill", 3);
        Recorder r = new Recorder();
        Path ready = ZstdCheckpoints.prepare(ckpt, dir.resolve("cache"), new JobContext(CancelToken.NEVER, r));
        assertEquals(dir.resolve("cache"), ready);
        List<String> labels = r.what.stream().distinct().toList();
        assertEquals(List.of("unpacking distill shard 1/3", "unpacking distill shard 2/3", "unpacking distill shard 3/3"), labels);
        for (String l : labels) {
            List<Double> f = new ArrayList<>();
            for (int i = 0; i < r.what.size(); i++) if (r.what.get(i).equals(l)) f.add(r.fractions.get(i));
            assertEquals(0.0, f.getFirst(), l);
            assertEquals(1.0, f.getLast(), l);
        }
        assertEquals(1, r.finished);
        for (int i = 1; i <= 3; i++) assertArrayEquals(shardBytes(i), Files.readAllBytes(ready.resolve(shard(i))));

        Recorder again = new Recorder();
        ZstdCheckpoints.prepare(ckpt, dir.resolve("cache"), new JobContext(CancelToken.NEVER, again));
        assertEquals(List.of(), again.what, "fresh shards are not unpacked again");
        assertEquals(0, again.finished);
    }

    @Test void cancellingDuringAShardKeepsTheFinishedOnesAndLeavesNoHalfShard() throws IOException {
        Path ckpt = checkpoint("base", 2);
        Path cache = dir.resolve("cache");
        CancelToken cancel = new CancelToken();
        Recorder r = new Recorder();
        r.onReport = () -> {
            if (r.what.getLast().endsWith("2/2") && r.fractions.getLast() > 0.3) cancel.cancel();
        };
        assertThrows(CancellationException.class, () -> ZstdCheckpoints.prepare(ckpt, cache, new JobContext(cancel, r)));
        assertEquals(1, r.finished, "the job is told the unpacking is over, also when cancelled");
        assertTrue(Files.isRegularFile(cache.resolve(shard(1))));
        assertFalse(Files.exists(cache.resolve(shard(2))), "no half-written shard");
        assertFalse(Files.exists(cache.resolve(shard(2) + ".source")));
        assertEquals(List.of(), partials(cache));

        Recorder resumed = new Recorder();
        ZstdCheckpoints.prepare(ckpt, cache, new JobContext(CancelToken.NEVER, resumed));
        assertEquals(List.of("unpacking base shard 1/1"), resumed.what.stream().distinct().toList(), "only the cancelled shard is unpacked");
        assertArrayEquals(shardBytes(1), Files.readAllBytes(cache.resolve(shard(1))));
        assertArrayEquals(shardBytes(2), Files.readAllBytes(cache.resolve(shard(2))));
    }

    @Test void aShortenedCacheFileIsNotTrusted() throws IOException {
        Path ckpt = checkpoint("sr", 1);
        Path cache = dir.resolve("cache");
        ZstdCheckpoints.prepare(ckpt, cache);
        Path out = cache.resolve(shard(1));
        byte[] whole = Files.readAllBytes(out);
        Files.write(out, java.util.Arrays.copyOf(whole, whole.length / 3));   // e.g. a disk that filled up under an old version
        Recorder r = new Recorder();
        ZstdCheckpoints.prepare(ckpt, cache, new JobContext(CancelToken.NEVER, r));
        assertEquals(List.of("unpacking sr shard 1/1"), r.what.stream().distinct().toList());
        assertArrayEquals(whole, Files.readAllBytes(out));
    }

    @Test void leftoversOfAKilledProcessAreRemovedWhenTheShardIsUnpackedAgain() throws IOException {
        Path ckpt = checkpoint("dit", 1);
        Path cache = Files.createDirectories(dir.resolve("cache"));
        Path old = Files.write(cache.resolve(shard(1) + ".4711.partial"), new byte[100]);
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofHours(3))));
        Path recent = Files.write(cache.resolve(shard(1) + ".4712.partial"), new byte[100]);   // maybe another process's
        ZstdCheckpoints.prepare(ckpt, cache);
        assertFalse(Files.exists(old));
        assertTrue(Files.exists(recent));
        assertArrayEquals(shardBytes(1), Files.readAllBytes(cache.resolve(shard(1))));
    }

    @Test void aSingleCompressedFileReportsUnderItsName() throws IOException {
        Path z = randomZst("one.safetensors", 4);
        Recorder r = new Recorder();
        Path ready = ZstdCheckpoints.prepare(z, dir.resolve("cache"), new JobContext(CancelToken.NEVER, r));
        assertEquals(dir.resolve("cache/one.safetensors"), ready);
        assertEquals(List.of("unpacking one.safetensors.zst"), r.what.stream().distinct().toList());
        assertEquals(1, r.finished);
    }

    private static String shard(int i) { return "shard-" + i + ".safetensors"; }

    /// Shard i: a safetensors file of random f32 values (incompressible, ~200 KB), identical on every call.
    private static byte[] shardBytes(int i) throws IOException {
        Random rnd = new Random(100 + i);
        float[] v = new float[50_000];
        for (int k = 0; k < v.length; k++) v[k] = (float) rnd.nextGaussian();
        Path tmp = Files.createTempFile("shard", ".safetensors");
        try {
            new SafetensorsWriter().add("w" + i, v, Shape.of(v.length), DType.F32).write(tmp);
            return Files.readAllBytes(tmp);
        } finally {
            Files.delete(tmp);
        }
    }

    /// A checkpoint folder of `shards` zstd-compressed shards with its index.
    private Path checkpoint(String name, int shards) throws IOException {
        Path d = Files.createDirectories(dir.resolve(name));
        StringBuilder map = new StringBuilder();
        for (int i = 1; i <= shards; i++) {
            ZstdTestFiles.compress(Files.write(d.resolve(shard(i)), shardBytes(i)));
            map.append(i > 1 ? ", " : "").append("\"w").append(i).append("\": \"").append(shard(i)).append('"');
        }
        Files.writeString(d.resolve("model.safetensors.index.json"), "{\"metadata\": {}, \"weight_map\": {" + map + "}}");
        return d;
    }

    private static List<String> partials(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".partial") || n.endsWith(".gallop-part") || n.endsWith(".gallop-lock")).toList();
        }
    }
}
