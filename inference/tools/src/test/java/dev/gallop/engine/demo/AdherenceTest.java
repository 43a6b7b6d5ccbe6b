package dev.gallop.engine.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.models.demo.DemoFormat;
import dev.gallop.engine.pipeline.DecodedAudio;
import dev.gallop.engine.pipeline.DecodedVideo;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/// The adherence reader must recognise the generator's own clips: every attribute of every held-out prompt, over
/// several seeds, and it must reject clips that show something else.
class AdherenceTest {

    private static Adherence.Score groundTruth(DemoSpec spec, long seed, int width, int height, double seconds) {
        DemoScene scene = DemoScene.sample(spec, new SplittableRandom(seed));
        DemoClip c = DemoClip.of(scene, DemoPrompt.of(spec, false), seconds);
        return Adherence.score(spec, c.video(width, height), new DecodedAudio(c.audio(), 1, DemoFormat.SAMPLE_RATE));
    }

    @Test void readsEveryAttributeOfTheGeneratorsClips() {
        List<String> failures = new ArrayList<>();
        int clips = 0;
        for (long seed = 1; seed <= 3; seed++) {
            for (DemoSpec spec : DemoSpec.heldOut()) {
                Adherence.Score s = groundTruth(spec, seed * 1000 + clips, DemoFormat.WIDTH, DemoFormat.HEIGHT, 2.0);
                clips++;
                if (!s.all()) failures.add(s.describe());
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + clips + " ground-truth clips misread:\n" + String.join("\n", failures));
    }

    @Test void readsTheGeneratorsClipsAtTheOtherSizesAndLengths() {
        List<String> failures = new ArrayList<>();
        int[][] sizes = {{448, 256}, {256, 448}, {64, 64}};
        double[] lengths = {5.0, 1.0, 3.0};
        int clips = 0;
        for (int i = 0; i < sizes.length; i++) {
            for (DemoSpec spec : DemoSpec.heldOut()) {
                Adherence.Score s = groundTruth(spec, 77 + clips, sizes[i][0], sizes[i][1], lengths[i]);
                clips++;
                if (!s.all()) failures.add(sizes[i][0] + "x" + sizes[i][1] + ", " + lengths[i] + " s: " + s.describe());
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + clips + " ground-truth clips misread:\n" + String.join("\n", failures));
    }

    @Test void rejectsAClipOfAnotherPrompt() {
        DemoSpec asked = new DemoSpec(DemoShape.CIRCLE, DemoColor.RED, DemoMotion.BOUNCING, DemoColor.BLUE);
        DemoSpec shown = new DemoSpec(DemoShape.SQUARE, DemoColor.GREEN, DemoMotion.LEFT_TO_RIGHT, DemoColor.WHITE);
        DemoClip c = DemoClip.of(DemoScene.sample(shown, new SplittableRandom(5)), DemoPrompt.of(shown, false), 2.0);
        Adherence.Score s = Adherence.score(asked, c.video(), new DecodedAudio(c.audio(), 1, DemoFormat.SAMPLE_RATE));
        assertEquals(0, s.passed(), s.describe());
    }

    @Test void aBlankClipHasNoShapeOrMotion() {
        byte[] rgb = new byte[49 * 64 * 64 * 3];
        java.util.Arrays.fill(rgb, (byte) 128);
        DemoSpec spec = new DemoSpec(DemoShape.TRIANGLE, DemoColor.RED, DemoMotion.UP, DemoColor.GRAY);
        Adherence.Score s = Adherence.score(spec, new DecodedVideo(rgb, 49, 64, 64), new DecodedAudio(new float[51 * 640], 1, DemoFormat.SAMPLE_RATE));
        assertTrue(s.background(), s.describe());
        assertFalse(s.color() || s.shape() || s.motion() || s.soundEvents(), s.describe());
    }
}
