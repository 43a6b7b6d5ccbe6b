package dev.gallop.app.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/// The status bar never goes stale: a message holds for eight seconds, then the live summary returns.
class StatusLineTest {
    static final long S = 1_000_000_000L;

    @Test void aMessageHoldsThenTheSummaryComesBack() {
        AtomicInteger shots = new AtomicInteger(2);
        StatusLine s = new StatusLine(() -> shots.get() + " shots");
        s.tick(100 * S);
        assertEquals("2 shots", s.text());
        s.post("New shot shot-3");
        assertEquals("New shot shot-3", s.text());
        shots.set(3);
        s.tick(101 * S);
        s.tick(108 * S);
        assertEquals("New shot shot-3", s.text(), "7 s after: still the message");
        s.tick(109 * S + 1);
        assertEquals("3 shots", s.text(), "8 s after: the summary, up to date");
        shots.set(0);
        s.tick(109 * S + 2);
        assertEquals("3 shots", s.text(), "the summary is recomputed at most once a second");
        s.tick(111 * S);
        assertEquals("0 shots", s.text());
        s.post("");
        assertEquals("0 shots", s.text(), "an empty message is ignored");
    }
}
