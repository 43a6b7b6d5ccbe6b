package dev.gallop.engine.pipeline.local;

import dev.gallop.engine.pipeline.GenerationEvent;
import dev.gallop.engine.runtime.JobContext;
import java.util.Locale;
import java.util.function.Consumer;

/// The events of one job on their way to its listener. Also the job's [JobContext.Progress]: progress of work inside a
/// phase becomes [GenerationEvent.Phase] events carrying the fraction ("unpacking distill shard 2/7 · 41 %", at most one
/// per whole percent), and when that work is over the phase it ran in is reported again, so listeners that show or
/// time the current phase see it resume.
final class JobEvents implements Consumer<GenerationEvent>, JobContext.Progress {
    private final Consumer<GenerationEvent> listener;
    private String phase;           // the last plain phase
    private String reported;        // what the last progress report was about, null after finished()
    private int percent = -1;       // and its whole percent

    JobEvents(Consumer<GenerationEvent> listener) { this.listener = listener; }

    /// The last plain phase reported (null before the first).
    String phase() { return phase; }

    @Override public void accept(GenerationEvent e) {
        if (e instanceof GenerationEvent.Phase p && !p.isProgress()) phase = p.name();
        listener.accept(e);
    }

    @Override public void report(String what, double fraction) {
        double f = Math.clamp(fraction, 0.0, 1.0);
        int pct = (int) Math.floor(f * 100);
        if (what.equals(reported) && pct == percent) return;
        reported = what;
        percent = pct;
        listener.accept(new GenerationEvent.Phase(String.format(Locale.ROOT, "%s · %d %%", what, pct), f));
    }

    @Override public void finished() {
        if (reported == null) return;
        reported = null;
        percent = -1;
        if (phase != null) listener.accept(new GenerationEvent.Phase(phase));
    }
}
