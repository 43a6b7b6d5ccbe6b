package dev.gallop.app.queue;

/// Where a queued job stands. Only [#PENDING] jobs are started; a job found [#RUNNING] in a saved queue was cut off
/// by a crash or quit and comes back as [#PENDING].
public enum JobState {
    PENDING, RUNNING, DONE, FAILED, CANCELLED;

    /// Finished one way or another: retry puts it back to pending.
    public boolean ended() { return this == DONE || this == FAILED || this == CANCELLED; }
}
