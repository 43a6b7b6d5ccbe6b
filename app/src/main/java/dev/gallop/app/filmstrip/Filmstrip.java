package dev.gallop.app.filmstrip;

import dev.gallop.engine.pipeline.GenerationEvent;
import dev.gallop.engine.pipeline.GenerationRequest;
import dev.gallop.engine.pipeline.LatentClip;
import java.util.ArrayList;
import java.util.List;

/// The denoise filmstrip of one job: every step's x₀ (video and audio latents) in step order, as the engine
/// reported them. Filled on the UI thread while the job runs; read by the scrubber and by "stop & keep".
public final class Filmstrip {
    /// Step `index` (1-based) of `total` at noise level `sigma`, and its x₀ prediction.
    public record Frame(int index, int total, float sigma, LatentClip x0) {}

    private final String jobId;
    private final GenerationRequest request;
    private final List<Frame> frames = new ArrayList<>();

    public Filmstrip(String jobId, GenerationRequest request) {
        this.jobId = jobId;
        this.request = request;
    }

    public String jobId() { return jobId; }

    public GenerationRequest request() { return request; }

    /// Adds a step; a step that restarts the count (a retry of the job) clears the strip first.
    public void add(GenerationEvent.Step s) {
        if (!frames.isEmpty() && s.index() <= frames.getLast().index()) frames.clear();
        frames.add(new Frame(s.index(), s.total(), s.sigma(), s.preview()));
    }

    public int size() { return frames.size(); }

    /// Steps announced by the engine (known after the first step), else 0.
    public int total() { return frames.isEmpty() ? 0 : frames.getLast().total(); }

    public boolean isEmpty() { return frames.isEmpty(); }

    /// Step `index`, 1-based.
    public Frame step(int index) {
        for (Frame f : frames) if (f.index() == index) return f;
        throw new IllegalArgumentException("job " + jobId + " has no step " + index + " (it has " + (frames.isEmpty() ? "none" : "1.." + frames.getLast().index()) + ")");
    }

    public Frame latest() {
        if (frames.isEmpty()) throw new IllegalStateException("job " + jobId + " has no steps yet");
        return frames.getLast();
    }

    public List<Frame> frames() { return List.copyOf(frames); }
}
