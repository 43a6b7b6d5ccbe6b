package dev.gallop.app.status;

import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/// The status bar's text. A posted message ("Saved …", "New shot shot-3 (final)", an error) shows for [#HOLD_NANOS];
/// after that the bar falls back to a summary of the present state (shots, length, queue), recomputed on every
/// [#tick(long)], so it never shows news that has gone stale. The window calls [#tick(long)] from its animation clock.
/// UI thread only.
public final class StatusLine {
    /// How long a message stays before the summary comes back: 8 s.
    public static final long HOLD_NANOS = 8_000_000_000L;

    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper("Ready");
    private final Supplier<String> summary;
    private String message;
    private long postedAt;
    private boolean pending;
    private long lastSummary;
    private boolean summarized;

    /// @param summary the present state in one line, asked for at most once a second
    public StatusLine(Supplier<String> summary) { this.summary = summary; }

    public ReadOnlyStringProperty textProperty() { return text.getReadOnlyProperty(); }

    public String text() { return text.get(); }

    /// Shows `m` now; its hold time starts at the next tick.
    public void post(String m) {
        if (m == null || m.isBlank()) return;
        message = m;
        pending = true;
        text.set(m);
    }

    /// Advances the clock to `nanos` (any monotonic clock, e.g. `System.nanoTime`).
    public void tick(long nanos) {
        if (pending) {
            pending = false;
            postedAt = nanos;
            return;
        }
        if (message != null) {
            if (nanos - postedAt < HOLD_NANOS) return;
            message = null;
        } else if (summarized && nanos - lastSummary < 1_000_000_000L) {
            return;
        }
        summarized = true;
        lastSummary = nanos;
        text.set(summary.get());
    }
}
