package dev.gallop.engine.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gallop.engine.io.safetensors.SafetensorsWriter;
import dev.gallop.engine.models.demo.DemoFormat;
import dev.gallop.engine.models.demo.SceneLatent;
import dev.gallop.engine.models.demo.ToneSynth;
import dev.gallop.engine.runtime.CancelToken;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/// Writes the demo model's training set: clips of the training stream ([DemoClip#training]) as their latents, in
/// safetensors shards that the Python trainer reads (`inference/tools/src/train/python/demo/`).
///
/// `shard-NNNN.safetensors`, all clips of a shard of one length (shard s has the length `seconds[s mod k]`):
/// `video` F32 [N, 29, T] the raw scene latents ([SceneLatent]), `audio` F32 [N, n, 3] the tone controls (the audio
/// latent); metadata `prompts` (JSON list of the rendered prompts) and `specs` (JSON list of [colour, shape, motion,
/// background]). `dataset.json` records the seed, counts and lengths. Shards are written atomically, clips in parallel
/// (each clip has its own random stream, so the result does not depend on the thread count).
public final class DatasetWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DatasetWriter() {}

    /// Writes `clips` clips in shards of `shardSize`, shard s of length `seconds[s mod k]`; `progress` gets the number
    /// of clips done after each shard.
    public static void write(Path dir, int clips, int shardSize, long seed, List<Double> seconds, IntConsumer progress, CancelToken cancel)
            throws IOException {
        if (clips < 1 || shardSize < 1) throw new IllegalArgumentException("need at least one clip and one clip per shard");
        if (seconds.isEmpty()) throw new IllegalArgumentException("need at least one clip length");
        Files.createDirectories(dir);
        int shards = (clips + shardSize - 1) / shardSize;
        for (int s = 0; s < shards; s++) {
            cancel.throwIfCancelled();
            int from = s * shardSize, count = Math.min(shardSize, clips - from);
            double length = seconds.get(s % seconds.size());
            DemoClip[] batch = new DemoClip[count];
            IntStream.range(0, count).parallel().forEach(i -> batch[i] = DemoClip.training(seed, from + i, length));
            writeShard(dir.resolve(String.format(Locale.ROOT, "shard-%04d.safetensors", s)), batch);
            progress.accept(from + count);
        }
        ObjectNode meta = JSON.createObjectNode();
        meta.put("format", "gallop-demo-dataset").put("version", 2).put("seed", seed).put("clips", clips).put("shards", shards)
            .put("latent_channels", SceneLatent.CHANNELS).put("audio_channels", ToneSynth.CONTROLS).put("fps", DemoFormat.FPS)
            .put("sample_rate", DemoFormat.SAMPLE_RATE).put("hop", DemoFormat.HOP);
        seconds.forEach(meta.putArray("seconds")::add);
        DemoPrompt.vocabulary().forEach(meta.putArray("vocabulary")::add);
        Path tmp = dir.resolve("dataset.json.tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), meta);
        Files.move(tmp, dir.resolve("dataset.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writeShard(Path file, DemoClip[] clips) throws IOException {
        int c = SceneLatent.CHANNELS, n = clips[0].audioFrames(), t = (clips[0].frames() - 1) / SceneLatent.FRAMES + 1;
        float[] video = new float[clips.length * c * t], audio = new float[clips.length * n * ToneSynth.CONTROLS];
        ArrayNode prompts = JSON.createArrayNode(), specs = JSON.createArrayNode();
        for (int i = 0; i < clips.length; i++) {
            DemoClip clip = clips[i];
            System.arraycopy(clip.latent(), 0, video, i * c * t, c * t);
            System.arraycopy(clip.controls(), 0, audio, i * n * ToneSynth.CONTROLS, n * ToneSynth.CONTROLS);
            prompts.add(clip.prompt().render());
            DemoSpec s = clip.scene().spec();
            specs.addArray().add(s.color().word()).add(s.shape().word()).add(s.motion().name().toLowerCase(Locale.ROOT)).add(s.background().word());
        }
        new SafetensorsWriter()
                .metadata("format", "gallop-demo-dataset")
                .metadata("prompts", JSON.writeValueAsString(prompts))
                .metadata("specs", JSON.writeValueAsString(specs))
                .add("video", video, Shape.of(clips.length, c, t), DType.F32)
                .add("audio", audio, Shape.of(clips.length, n, ToneSynth.CONTROLS), DType.F32)
                .write(file);
    }
}
