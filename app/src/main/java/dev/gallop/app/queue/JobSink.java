package dev.gallop.app.queue;

import dev.gallop.engine.pipeline.GeneratedClip;
import dev.gallop.engine.pipeline.GenerationEvent;

/// Where a queue sends what its jobs produce, on the UI executor: every step's x₀ (the filmstrip) and the finished
/// clip (to be written into the project and placed on the timeline).
public interface JobSink {
    /// A denoising step finished; `step.preview()` holds its x₀.
    default void step(QueuedJob job, GenerationEvent.Step step) {}

    /// The job finished with this clip.
    void done(QueuedJob job, GeneratedClip clip);
}
