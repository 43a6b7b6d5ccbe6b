package dev.gallop.app.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StepTimerTest {
    long now;

    @Test void etaComesFromMeasuredStepIntervals() {
        StepTimer t = new StepTimer(() -> now);
        assertTrue(Double.isNaN(t.secondsLeft(8)));
        t.started();
        now += 5_000_000_000L;          // first step: 5 s including warm-up
        t.step(1);
        assertEquals(5.0 * 7, t.secondsLeft(8), 1e-9);
        now += 2_000_000_000L;
        t.step(2);
        now += 4_000_000_000L;
        t.step(3);
        // from step 2 on only step-to-step intervals count: (2 + 4) / 2 = 3 s per step, 5 steps left
        assertEquals(15.0, t.secondsLeft(8), 1e-9);
        assertEquals(0.0, t.secondsLeft(3), 1e-9);
    }

    @Test void clockText() {
        assertEquals("0:05", StepTimer.clock(4.6));
        assertEquals("2:03", StepTimer.clock(123));
        assertEquals("1:00:01", StepTimer.clock(3601));
        assertEquals("", StepTimer.clock(Double.NaN));
    }
}
