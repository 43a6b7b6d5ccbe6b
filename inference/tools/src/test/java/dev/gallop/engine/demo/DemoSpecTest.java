package dev.gallop.engine.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DemoSpecTest {
    @Test void heldOutPromptsAreDistinctAndCoverEveryValue() {
        var held = DemoSpec.heldOut();
        assertEquals(28, held.size());
        assertEquals(28, new HashSet<>(held).size(), "held-out specs repeat: " + held);
        Map<DemoMotion, Integer> perMotion = new EnumMap<>(DemoMotion.class);
        Set<DemoShape> shapes = new HashSet<>();
        Set<DemoColor> colours = new HashSet<>(), backgrounds = new HashSet<>();
        for (DemoSpec s : held) {
            perMotion.merge(s.motion(), 1, Integer::sum);
            shapes.add(s.shape());
            colours.add(s.color());
            backgrounds.add(s.background());
        }
        for (DemoMotion m : DemoMotion.values()) assertEquals(4, perMotion.get(m), m.toString());
        assertEquals(3, shapes.size());
        assertTrue(colours.size() >= 6, "shape colours " + colours);
        assertTrue(backgrounds.size() >= 4, "backgrounds " + backgrounds);
    }

    @Test void theTrainingStreamNeverDrawsAHeldOutPrompt() {
        Set<DemoSpec> held = Set.copyOf(DemoSpec.heldOut());
        SplittableRandom r = new SplittableRandom(3);
        Set<DemoSpec> seen = new HashSet<>();
        for (int i = 0; i < 5000; i++) {
            DemoSpec s = DemoSpec.sampleTraining(r);
            assertFalse(held.contains(s), s.toString());
            seen.add(s);
        }
        assertTrue(seen.size() > 700, "only " + seen.size() + " distinct training specs in 5000 draws");
    }

    @Test void promptsParseBackToTheirSpec() {
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < 300; i++) {
            DemoSpec s = DemoSpec.sample(r);
            assertEquals(Optional.of(s), DemoPrompt.parse(DemoPrompt.body(s)), DemoPrompt.body(s));
        }
        assertEquals("an orange square moving from left to right on a gray background",
                DemoPrompt.body(new DemoSpec(DemoShape.SQUARE, DemoColor.ORANGE, DemoMotion.LEFT_TO_RIGHT, DemoColor.GRAY)));
        assertEquals(Optional.empty(), DemoPrompt.parse("a red circle dancing on a blue background"));
        assertEquals(Optional.empty(), DemoPrompt.parse("a red circle spinning on a blue background"), "circles do not spin");
    }

    @Test void invalidCombinationsAreRefusedWithTheReason() {
        var e = assertThrows(IllegalArgumentException.class, () -> new DemoSpec(DemoShape.SQUARE, DemoColor.BLUE, DemoMotion.UP, DemoColor.BLUE));
        assertTrue(e.getMessage().contains("invisible"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DemoSpec(DemoShape.SQUARE, DemoColor.GRAY, DemoMotion.UP, DemoColor.BLUE));
    }

    @Test void theVocabularyCoversEveryPromptTheGrammarWrites() {
        Set<String> vocab = Set.copyOf(DemoPrompt.vocabulary());
        SplittableRandom r = new SplittableRandom(4);
        for (int i = 0; i < 300; i++) {
            DemoSpec s = DemoSpec.sample(r);
            for (boolean sound : new boolean[] {false, true}) {
                for (String w : dev.gallop.engine.models.text.EmbeddingTextEncoder.words(DemoPrompt.of(s, sound).render())) {
                    assertTrue(vocab.contains(w), "'" + w + "' of " + DemoPrompt.of(s, sound).render());
                }
            }
        }
    }
}
