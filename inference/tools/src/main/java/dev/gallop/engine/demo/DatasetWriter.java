package dev.gallop.engine.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gallop.engine.io.safetensors.SafetensorsWriter;
import dev.gallop.engine.models.demo.DemoFormat;
import dev.gallop.engine.runtime.CancelToken;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/// Writes the demo model's training set: clips of the training stream ([DemoClip#training]) in safetensors shards
/// that the Python trainer reads (`inference/src/train/python/demo/`).
///
/// `shard-NNNN.safetensors`: `video` U8 [N, F, 64, 64, 3], `audio` F32 [N, n·640], `controls` F32 [N, n, 3]; metadata
/// `prompts` (JSON list of the rendered prompts) and `specs` (JSON list of [colour, shape, motion, background]).
/// `dataset.json` records the seed, counts and geometry. Shards are written atomically, clips in parallel (each clip
/// has its own random stream, so the result does not depend on the thread count).
public final class DatasetWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DatasetWriter() {}

    /// Writes `clips` clips in shards of `shardSize`; `progress` gets the number of clips done after each shard.
    public static void write(Path dir, int clips, int shardSize, long seed, double seconds, IntConsumer progress, CancelToken cancel) throws IOException {
        if (clips < 1 || shardSize < 1) throw new IllegalArgumentException("need at least one clip and one clip per shard");
        Files.createDirectories(dir);
        int frames = DemoFormat.videoFrames(seconds), n = DemoFormat.audioFrames(seconds);
        int shards = (clips + shardSize - 1) / shardSize;
        for (int s = 0; s < shards; s++) {
            cancel.throwIfCancelled();
            int from = s * shardSize, count = Math.min(shardSize, clips - from);
            DemoClip[] batch = new DemoClip[count];
            IntStream.range(0, count).parallel().forEach(i -> batch[i] = DemoClip.training(seed, from + i, seconds));
            writeShard(dir.resolve(String.format("shard-%04d.safetensors", s)), batch, frames, n);
            progress.accept(from + count);
        }
        ObjectNode meta = JSON.createObjectNode();
        meta.put("format", "gallop-demo-dataset").put("version", 1).put("seed", seed).put("clips", clips).put("shards", shards)
            .put("seconds", seconds).put("video_frames", frames).put("audio_frames", n).put("width", DemoFormat.WIDTH)
            .put("height", DemoFormat.HEIGHT).put("fps", DemoFormat.FPS).put("sample_rate", DemoFormat.SAMPLE_RATE)
            .put("hop", DemoFormat.HOP);
        DemoPrompt.vocabulary().forEach(meta.putArray("vocabulary")::add);
        Path tmp = dir.resolve("dataset.json.tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), meta);
        Files.move(tmp, dir.resolve("dataset.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writeShard(Path file, DemoClip[] clips, int frames, int n) throws IOException {
        int w = DemoFormat.WIDTH, h = DemoFormat.HEIGHT, samples = n * DemoFormat.HOP, perVideo = frames * h * w * 3;
        byte[] video = new byte[clips.length * perVideo];
        float[] audio = new float[clips.length * samples], controls = new float[clips.length * n * 3];
        ArrayNode prompts = JSON.createArrayNode(), specs = JSON.createArrayNode();
        for (int i = 0; i < clips.length; i++) {
            DemoClip c = clips[i];
            System.arraycopy(c.video().rgb(), 0, video, i * perVideo, perVideo);
            System.arraycopy(c.audio(), 0, audio, i * samples, samples);
            System.arraycopy(c.controls(), 0, controls, i * n * 3, n * 3);
            prompts.add(c.prompt().render());
            DemoSpec s = c.scene().spec();
            specs.addArray().add(s.color().word()).add(s.shape().word()).add(s.motion().name().toLowerCase(java.util.Locale.ROOT)).add(s.background().word());
        }
        new SafetensorsWriter()
                .metadata("format", "gallop-demo-dataset")
                .metadata("prompts", JSON.writeValueAsString(prompts))
                .metadata("specs", JSON.writeValueAsString(specs))
                .addRaw("video", "U8", Shape.of(clips.length, frames, h, w, 3), video)
                .add("audio", audio, Shape.of(clips.length, samples), DType.F32)
                .add("controls", controls, Shape.of(clips.length, n, 3), DType.F32)
                .write(file);
    }
}
