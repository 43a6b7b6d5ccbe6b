package dev.gallop.tests.demo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.demo.Adherence;
import dev.gallop.engine.demo.DemoEvaluation;
import dev.gallop.engine.demo.DemoFormat;
import dev.gallop.engine.demo.DemoSpec;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/// Prompt adherence of the shipped demo model: the 28 held-out prompts (never in its training set) generated on the
/// CPU through the whole pipeline and read back from the pixels and the sound (see docs/models/demo.md for the
/// thresholds and why).
class DemoAdherenceTest {
    static final double MEAN_THRESHOLD = 0.80, ATTRIBUTE_THRESHOLD = 0.60;

    @Test void heldOutPromptsAreFollowed() throws Exception {
        List<DemoEvaluation.Clip> clips = DemoEvaluation.run(DemoModelParityTest.model(), CpuDevice.get(), DemoSpec.heldOut(),
                DemoFormat.SECONDS, 1, c -> System.out.printf(Locale.ROOT, "demo adherence: %s%n", c.score().describe()));
        Adherence.Rates r = Adherence.Rates.of(clips.stream().map(DemoEvaluation.Clip::score).toList());
        System.out.println("demo adherence: " + r);
        assertTrue(r.mean() >= MEAN_THRESHOLD, "mean attribute rate below " + MEAN_THRESHOLD + ": " + r);
        for (double rate : new double[] {r.color(), r.background(), r.shape(), r.motion(), r.sound()}) {
            assertTrue(rate >= ATTRIBUTE_THRESHOLD, "an attribute rate is below " + ATTRIBUTE_THRESHOLD + ": " + r);
        }
    }
}
