package dev.gallop.engine.runtime;

/// The running job as seen by work deep inside a loader whose callers' signatures do not carry it: how to report
/// progress and how to learn that the job was cancelled. The one user today is unpacking zstd shards inside
/// `Checkpoint.open`, which every model loader reaches. The engine binds a context around a job with [#run]; code
/// outside any job sees [#NONE] (never cancelled, reports dropped). See docs/decisions/0008.
///
/// @param cancel   the job's cancellation; long work checks it and throws [java.util.concurrent.CancellationException]
/// @param progress where long work reports how far it is
public record JobContext(CancelToken cancel, Progress progress) {
    /// No job: never cancelled, reports go nowhere.
    public static final JobContext NONE = new JobContext(CancelToken.NEVER, new Progress() {
        @Override public void report(String what, double fraction) {}
    });

    private static final ScopedValue<JobContext> CURRENT = ScopedValue.newInstance();

    public JobContext {
        if (cancel == null || progress == null) throw new IllegalArgumentException("a job context needs a cancel token and a progress sink");
    }

    /// Progress of one piece of long work inside a job phase.
    public interface Progress {
        /// `what` (e.g. "unpacking dit shard 2/7") is `fraction` (0..1) done.
        void report(String what, double fraction);

        /// The reported work is over (finished, failed or cancelled): the job is back in the phase it was in.
        default void finished() {}
    }

    /// The context of the job running on this thread, or [#NONE].
    public static JobContext current() { return CURRENT.orElse(NONE); }

    /// Runs `op` with `context` as [#current()] on this thread (not in threads it starts).
    public static <T, X extends Throwable> T run(JobContext context, ScopedValue.CallableOp<T, X> op) throws X {
        return ScopedValue.where(CURRENT, context).call(op);
    }
}
