package dev.gallop.tests.demo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.demo.Adherence;
import dev.gallop.engine.demo.DemoEvaluation;
import dev.gallop.engine.demo.DemoSpec;
import dev.gallop.engine.models.demo.DemoFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/// Prompt adherence of the shipped demo model: the 28 held-out prompts (never in its training set) generated on the
/// CPU through the whole pipeline and read back from the pixels and the sound.
///
/// Thresholds (docs/models/demo.md): the mean of the five attribute rates must reach the project's goal of 80 %
/// (the shipped weights give 85.7 %; an untrained model of the same shape 27 %). Colour, background, motion and
/// sound must each reach 75 % (they give 100, 100, 86 and 100 %; chance is 11, 18, 14 and 57 %). The margin of a few
/// clips absorbs float-level differences between CPUs (vector width changes summation order, which can flip a
/// borderline clip). Shape is the model's weak attribute (43 %, chance about a third): it is printed and counts in
/// the mean, but has no floor of its own.
class DemoAdherenceTest {
    static final double MEAN_THRESHOLD = 0.80, ATTRIBUTE_THRESHOLD = 0.75;

    @Test void heldOutPromptsAreFollowed() throws Exception {
        List<DemoEvaluation.Clip> clips = DemoEvaluation.run(DemoModelParityTest.model(), CpuDevice.get(), DemoSpec.heldOut(),
                DemoFormat.SECONDS, 1, c -> System.out.printf(Locale.ROOT, "demo adherence: %s%n", c.score().describe()));
        Adherence.Rates r = Adherence.Rates.of(clips.stream().map(DemoEvaluation.Clip::score).toList());
        System.out.println("demo adherence: " + r);
        assertTrue(r.mean() >= MEAN_THRESHOLD, "mean attribute rate below " + MEAN_THRESHOLD + ": " + r);
        for (double rate : new double[] {r.color(), r.background(), r.motion(), r.sound()}) {
            assertTrue(rate >= ATTRIBUTE_THRESHOLD, "colour, background, motion or sound is below " + ATTRIBUTE_THRESHOLD + ": " + r);
        }
    }
}
