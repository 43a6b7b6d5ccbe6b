package dev.gallop.engine.demo;

import dev.gallop.engine.backend.Device;
import dev.gallop.engine.models.demo.DemoFormat;
import dev.gallop.engine.pipeline.GeneratedClip;
import dev.gallop.engine.pipeline.GenerationRequest;
import dev.gallop.engine.pipeline.VideoSize;
import dev.gallop.engine.pipeline.discovery.ModelManifest;
import dev.gallop.engine.pipeline.local.LocalGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/// The prompt-adherence evaluation of a demo-grammar model: each held-out prompt is generated through the whole
/// pipeline (text encoder, DiT with the model's sampler, both decoders) at the model's own size, and the clip is read
/// back with [Adherence]. Used by `gallop demo eval` and by the test suite.
public final class DemoEvaluation {
    private DemoEvaluation() {}

    /// One evaluated prompt and the wall time of its generation (prompt encoding to decoded sound).
    public record Clip(DemoSpec spec, Adherence.Score score, double seconds) {}

    /// Generates `specs` with `model` on `device`, `seconds` long at `size` (null: the model's own size), with seeds
    /// seed, seed + 1, …; `each` sees every clip as it is scored. One warm-up generation (not scored, not timed) loads
    /// the model first.
    public static List<Clip> run(Path model, Device device, List<DemoSpec> specs, double seconds, VideoSize size, long seed, Consumer<Clip> each)
            throws IOException, InterruptedException {
        ModelManifest m = ModelManifest.read(model);
        if (size == null) size = m.videoSize().orElse(new VideoSize(DemoFormat.WIDTH, DemoFormat.HEIGHT));
        List<Clip> out = new ArrayList<>();
        try (LocalGenerator gen = new LocalGenerator(device)) {
            generate(gen, specs.getFirst(), seconds, size, seed - 1, model);
            for (int i = 0; i < specs.size(); i++) {
                DemoSpec spec = specs.get(i);
                long t0 = System.nanoTime();
                GeneratedClip c = generate(gen, spec, seconds, size, seed + i, model);
                double took = (System.nanoTime() - t0) / 1e9;
                if (c.video() == null || c.audio() == null) throw new IOException("model " + model + " must have a video and an audio decoder");
                Clip clip = new Clip(spec, Adherence.score(spec, c.video(), c.audio()), took);
                out.add(clip);
                each.accept(clip);
            }
        }
        return out;
    }

    private static GeneratedClip generate(LocalGenerator gen, DemoSpec spec, double seconds, VideoSize size, long seed, Path model)
            throws IOException, InterruptedException {
        GenerationRequest r = new GenerationRequest(DemoPrompt.of(spec, false), Optional.empty(), Optional.empty(), seconds, size, seed, 0, model);
        try {
            return gen.submit(r, e -> { }).await();
        } catch (RuntimeException e) {
            throw new IOException("generating \"" + DemoPrompt.body(spec) + "\": " + e.getMessage(), e);
        }
    }

    /// Median of the clips' generation times.
    public static double medianSeconds(List<Clip> clips) {
        double[] t = clips.stream().mapToDouble(Clip::seconds).sorted().toArray();
        return t.length == 0 ? Double.NaN : t[t.length / 2];
    }
}
