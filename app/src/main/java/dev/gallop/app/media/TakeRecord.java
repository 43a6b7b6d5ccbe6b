package dev.gallop.app.media;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gallop.app.queue.RequestJson;
import dev.gallop.engine.pipeline.GenerationRequest;
import dev.gallop.engine.pipeline.discovery.ModelManifest;
import dev.gallop.engine.pipeline.local.GenerationRecord;
import java.io.IOException;

/// The generation record of a take: the engine's record (prompt, seed, model, steps, sampler) plus what this take is:
/// the finished clip or the x₀ of step k of N, and whether its video is decoded or the latent preview, and the
/// whole request as the queue stores it (`"request"`), so the take can be made again exactly (retake, finalize).
public final class TakeRecord {
    private TakeRecord() {}

    /// `step` is 0 for a finished clip, else the 1-based step whose x₀ was kept, of `steps`.
    public static ObjectNode of(GenerationRequest r, int step, int steps, boolean previewVideo) {
        ObjectNode n;
        try {
            n = GenerationRecord.of(r, ModelManifest.read(r.model()));
        } catch (IOException | RuntimeException e) {
            // the model folder is gone or unreadable: keep what was asked, which is enough to find it again
            n = RequestJson.write(r).put("generator", "gallop").put("model_note", "model folder could not be read: " + e.getMessage());
        }
        n.set("request", RequestJson.write(r));
        ObjectNode t = n.putObject("take");
        t.put("kind", step == 0 ? "final" : "step");
        if (step > 0) t.put("step", step).put("of", steps);
        t.put("video", previewVideo ? "latent-preview" : "decoded");
        return n;
    }
}
