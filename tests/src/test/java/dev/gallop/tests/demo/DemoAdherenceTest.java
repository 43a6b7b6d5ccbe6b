package dev.gallop.tests.demo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.demo.Adherence;
import dev.gallop.engine.demo.DemoEvaluation;
import dev.gallop.engine.demo.DemoSpec;
import dev.gallop.engine.pipeline.VideoSize;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/// Prompt adherence of the shipped demo model: the 28 held-out prompts (never in its training set) generated on the
/// CPU through the whole pipeline and read back from the pixels and the sound, at the model's own size (2 s) and at
/// 16:9 (5 s).
///
/// Thresholds (docs/models/demo.md): the project's goals, a mean of the five attribute rates of 92 %, shapes 85 % and
/// all five attributes right together in 70 % of the clips. The shipped weights give more at both sizes (the table in
/// docs/models/demo.md); an untrained model of the same shape gives a mean of 24 %. The margin absorbs
/// float-level differences between CPUs (vector width changes summation order, which can flip a borderline clip).
class DemoAdherenceTest {
    static final double MEAN = 0.92, SHAPE = 0.85, ALL = 0.70;

    private static void check(VideoSize size, double seconds) throws Exception {
        List<DemoEvaluation.Clip> clips = DemoEvaluation.run(DemoModelParityTest.model(), CpuDevice.get(), DemoSpec.heldOut(),
                seconds, size, 1, c -> System.out.printf(Locale.ROOT, "demo adherence: %s%n", c.score().describe()));
        Adherence.Rates r = Adherence.Rates.of(clips.stream().map(DemoEvaluation.Clip::score).toList());
        String at = (size == null ? "own size" : size.toString()) + ", " + seconds + " s";
        System.out.println("demo adherence, " + at + ": " + r);
        assertTrue(r.mean() >= MEAN, at + ": mean attribute rate below " + MEAN + ": " + r);
        assertTrue(r.shape() >= SHAPE, at + ": shape rate below " + SHAPE + ": " + r);
        assertTrue(r.allFive() >= ALL, at + ": all five together below " + ALL + ": " + r);
    }

    @Test void heldOutPromptsAreFollowedAtTheModelsOwnSize() throws Exception { check(null, 2.0); }

    @Test void heldOutPromptsAreFollowedAtSixteenByNineForFiveSeconds() throws Exception { check(new VideoSize(448, 256), 5.0); }
}
