package dev.gallop.app.queue;

import dev.gallop.engine.pipeline.GenerationRequest;
import java.util.Optional;

/// One job of a [GenerationQueue]: what to generate (fixed) and how it stands (changed only by the queue, on its
/// thread; listeners read it when told of a change). A job makes a new shot, or, with a target clip, a new take of that
/// shot.
public final class QueuedJob {
    private final String id;
    private final GenerationRequest request;
    private final String targetClip;
    private JobState state = JobState.PENDING;
    private String message = "", phase = "", stage = "";
    private int step, totalSteps;
    private double etaSeconds = Double.NaN;

    public QueuedJob(String id, GenerationRequest request, String targetClip) {
        if (id == null || id.isBlank()) throw new IllegalArgumentException("a queued job needs an id");
        if (request == null) throw new IllegalArgumentException("job " + id + " has no request");
        this.id = id;
        this.request = request;
        this.targetClip = targetClip;
    }

    public String id() { return id; }

    public GenerationRequest request() { return request; }

    /// The shot this job makes a new take for; empty for a new shot.
    public Optional<String> targetClip() { return Optional.ofNullable(targetClip); }

    /// The first line of the prompt, shortened: the job's title.
    public String title() {
        String b = request.prompt().body().lines().findFirst().orElse("");
        return b.length() > 60 ? b.substring(0, 59) + "…" : b;
    }

    public JobState state() { return state; }

    /// The failure message of a failed job, empty otherwise.
    public String message() { return message; }

    /// The engine phase ("loading model", "denoising", …); empty when not running.
    public String phase() { return phase; }

    /// The sampler stage of the last step: "base", or "sr-540p" / "sr-1080p" during super-resolution.
    public String stage() { return stage; }

    /// Denoising steps done (1-based count) of [#totalSteps()] in the present stage.
    public int step() { return step; }

    public int totalSteps() { return totalSteps; }

    /// Seconds of denoising left in the present stage, extrapolated from the measured steps; NaN when unknown.
    public double etaSeconds() { return etaSeconds; }

    void setState(JobState s, String msg) {
        state = s;
        message = msg == null ? "" : msg;
        if (s != JobState.RUNNING) {
            phase = "";
            etaSeconds = Double.NaN;
        }
        if (s == JobState.PENDING) {
            step = 0;
            stage = "";
        }
    }

    void setPhase(String name) { phase = name; }

    void setStep(int index, int total, String stageName, double eta) {
        step = index;
        totalSteps = total;
        stage = stageName;
        etaSeconds = eta;
    }

    @Override public String toString() { return "job " + id + " (" + state + ")"; }
}
