package dev.gallop.engine.pipeline;

import dev.gallop.engine.runtime.CancelToken;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/// A submitted generation: cancel it, or wait for its clip. Events go to the listener given at submission.
public final class GenerationJob {
    private final CancelToken cancel = new CancelToken();
    private final CompletableFuture<GeneratedClip> result = new CompletableFuture<>();
    private final GenerationRequest request;

    /// A new job for `request`; made by a [Generator] implementation, which runs it and completes [#future()].
    public GenerationJob(GenerationRequest request) { this.request = request; }

    public GenerationRequest request() { return request; }

    /// Asks the job to stop; it ends with a [GenerationEvent.Cancelled] at the next step or layer boundary.
    public void cancel() { cancel.cancel(); }

    public boolean isDone() { return result.isDone(); }

    public CompletableFuture<GeneratedClip> result() { return result; }

    /// Waits for the clip; throws with the job's failure message, or [java.util.concurrent.CancellationException].
    public GeneratedClip await() throws InterruptedException {
        try {
            return result.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) throw re;
            throw new IllegalStateException(c.getMessage(), c);
        }
    }

    /// The token the running job checks (for the [Generator] that runs it).
    public CancelToken token() { return cancel; }

    /// The result the running job completes (for the [Generator] that runs it).
    public CompletableFuture<GeneratedClip> future() { return result; }
}
