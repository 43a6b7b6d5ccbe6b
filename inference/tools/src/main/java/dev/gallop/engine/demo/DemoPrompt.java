package dev.gallop.engine.demo;

import dev.gallop.engine.models.text.EmbeddingTextEncoder;
import dev.gallop.engine.pipeline.StructuredPrompt;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/// The demo prompt grammar, in the structured form the studio writes:
/// main body "a {colour} {shape} {motion} on a {background} background" ("an" before a vowel) and a background-sound section that is
/// either the studio's default (none given) or a description of the clip's sound.
public final class DemoPrompt {
    private DemoPrompt() {}

    /// The demo model's negative prompt (the "no prompt" text it was trained to follow 10 % of the time).
    public static final String NEGATIVE = "nothing";

    /// "a red circle bouncing on a blue background".
    public static String body(DemoSpec s) {
        String article = s.color().word().matches("[aeiou].*") ? "an " : "a ";
        return article + s.color().word() + " " + s.shape().word() + " " + s.motion().phrase() + " on a " + s.background().word() + " background";
    }

    /// What the sound of such a clip is like.
    public static String soundDescription(DemoSpec s) {
        return switch (s.motion()) {
            case BOUNCING -> "a tone that rises and falls with a click at each bounce";
            case UP -> "a tone rising in pitch";
            case DOWN -> "a tone falling in pitch";
            case GROWING -> "a tone growing louder";
            default -> "a steady tone";
        };
    }

    /// The structured prompt; `describeSound` fills the background-sound section, otherwise it is left to the
    /// default ("No prominent background sound"), as when a user types only the main body.
    public static StructuredPrompt of(DemoSpec s, boolean describeSound) {
        return new StructuredPrompt(body(s), List.of(), describeSound ? soundDescription(s) : "");
    }

    /// Reads colour, shape, motion and background back from a main body in the grammar ("a red circle bouncing on
    /// a blue background"); empty when one of them is missing or unknown.
    public static Optional<DemoSpec> parse(String body) {
        List<String> w = EmbeddingTextEncoder.words(body);
        int on = w.lastIndexOf("on");
        if (on < 0) return Optional.empty();
        DemoColor color = null, bg = null;
        DemoShape shape = null;
        for (int i = 0; i < on; i++) {
            if (color == null && DemoColor.ofWord(w.get(i)) != null) color = DemoColor.ofWord(w.get(i));
            if (shape == null && DemoShape.ofWord(w.get(i)) != null) shape = DemoShape.ofWord(w.get(i));
        }
        for (int i = on + 1; i < w.size(); i++) if (bg == null && DemoColor.ofWord(w.get(i)) != null) bg = DemoColor.ofWord(w.get(i));
        String middle = String.join(" ", w.subList(0, on));
        DemoMotion motion = null;
        for (DemoMotion m : DemoMotion.values()) if (middle.contains(m.phrase())) motion = m;
        if (color == null || shape == null || bg == null || motion == null) return Optional.empty();
        try {
            return Optional.of(new DemoSpec(shape, color, motion, bg));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /// Every word the grammar and the studio's prompt sections can produce, for the text encoder's vocabulary.
    public static List<String> vocabulary() {
        Set<String> v = new LinkedHashSet<>(List.of("a", "an", NEGATIVE));
        for (DemoColor c : DemoColor.values()) v.add(c.word());
        for (DemoShape s : DemoShape.values()) v.add(s.word());
        for (DemoMotion m : DemoMotion.values()) v.addAll(EmbeddingTextEncoder.words(m.phrase()));
        for (DemoMotion m : DemoMotion.values()) {
            DemoShape shape = m.allows(DemoShape.SQUARE) ? DemoShape.SQUARE : DemoShape.CIRCLE;
            DemoSpec s = new DemoSpec(shape, DemoColor.RED, m, DemoColor.BLUE);
            v.addAll(EmbeddingTextEncoder.words(of(s, true).render()));
            v.addAll(EmbeddingTextEncoder.words(of(s, false).render()));
        }
        return List.copyOf(v);
    }
}
