package dev.gallop.engine.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class StructuredPromptTest {
    @Test void rendersBodyDialogueAndBackgroundSound() {
        StructuredPrompt p = new StructuredPrompt("A woman smiles and says \"hello\".",
                List.of(new DialogueLine("Young woman", Language.ENGLISH, "hello"),
                        new DialogueLine("Old man", Language.CHINESE_MANDARIN, "你好")),
                "Rain on a window");
        assertEquals("""
                A woman smiles and says "hello".

                Dialogue:
                <Young woman, English>: "hello"
                <Old man, Mandarin Chinese>: "你 好"

                Background Sound:
                <Rain on a window>""", p.render());
    }

    @Test void noSoundSaysSoAndEmptyBodyIsRefused() {
        assertEquals("x\n\nBackground Sound:\n<No prominent background sound>", StructuredPrompt.of("x").render());
        assertThrows(IllegalArgumentException.class, () -> StructuredPrompt.of("  "));
    }

    @Test void cjkSpacingLeavesLatinAlone() {
        assertEquals("こ ん に ち は OK 世 界", StructuredPrompt.spaceCjk("こんにちは OK 世界"));
        assertEquals("안 녕", StructuredPrompt.spaceCjk("안녕"));
    }

    @Test void geometryFollowsTheReference() {
        GenerationRequest r = new GenerationRequest(StructuredPrompt.of("x"), null, null, 5, new VideoSize(448, 256), 1, 0, java.nio.file.Path.of("m"));
        assertEquals(126, r.audioFrames());
        assertEquals(32, r.latentFrames());
        assertEquals(125, r.videoFrames());
        assertEquals(16, r.size().latentHeight());
        assertEquals(28, r.size().latentWidth());
        assertThrows(IllegalArgumentException.class, () -> new VideoSize(450, 256));
    }
}
