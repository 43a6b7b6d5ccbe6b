package dev.gallop.engine.demo;

import dev.gallop.engine.pipeline.DecodedAudio;
import dev.gallop.engine.pipeline.DecodedVideo;
import java.util.List;
import java.util.Locale;

/// Does a clip show what its demo prompt says? Five attributes, each read back from the pixels and the sound:
/// shape colour, background colour, shape, motion, and sound events (a click at each bounce and none otherwise; for
/// up and down, a tone rising or falling by more than a quarter octave).
public final class Adherence {
    private Adherence() {}

    public record Score(DemoSpec spec, ClipAnalysis.Reading video, SoundAnalysis.Reading sound,
                        boolean color, boolean background, boolean shape, boolean motion, boolean soundEvents) {
        public boolean all() { return color && background && shape && motion && soundEvents; }

        public int passed() { return (color ? 1 : 0) + (background ? 1 : 0) + (shape ? 1 : 0) + (motion ? 1 : 0) + (soundEvents ? 1 : 0); }

        public String describe() {
            ClipAnalysis.Reading v = video;
            return String.format(Locale.ROOT, "%-58s colour %s (%s) bg %s (%s) shape %s (%s h3 %.2f h4 %.2f) motion %s (%s dx %.0f dy %.0f g %.1f rev %d turn %.1f) sound %s (clicks %s contacts %s trend %.2f)",
                    DemoPrompt.body(spec), mark(color), word(v.color()), mark(background), word(v.background()), mark(shape), word(v.shape()),
                    v.h3(), v.h4(), mark(motion), v.motion() == null ? "none" : v.motion().phrase(), v.dx(), v.dy(), v.growth(),
                    v.reversals(), v.rotation(), mark(soundEvents), sound.clicks(), v.contacts(), sound.trend(8));
        }

        private static String mark(boolean ok) { return ok ? "ok" : "NO"; }

        private static String word(Object o) {
            return o == null ? "none" : o instanceof DemoColor c ? c.word() : o instanceof DemoShape s ? s.word() : o.toString();
        }
    }

    public static Score score(DemoSpec spec, DecodedVideo video, DecodedAudio audio) {
        ClipAnalysis.Reading v = ClipAnalysis.read(video);
        SoundAnalysis.Reading s = SoundAnalysis.read(audio);
        return new Score(spec, v, s, v.color() == spec.color(), v.background() == spec.background(), v.shape() == spec.shape(),
                v.motion() == spec.motion(), soundMatches(spec.motion(), v.contacts(), s));
    }

    static boolean soundMatches(DemoMotion motion, List<Integer> contacts, SoundAnalysis.Reading s) {
        List<Integer> clicks = s.clicks();
        return switch (motion) {
            case BOUNCING -> {
                long matched = clicks.stream().filter(c -> contacts.stream().anyMatch(k -> Math.abs(k - c) <= 2)).count();
                yield !clicks.isEmpty() && matched >= 1 && matched >= clicks.size() - 1 && clicks.size() <= contacts.size() + 1;
            }
            case UP -> clicks.isEmpty() && s.trend(8) > 0.25;
            case DOWN -> clicks.isEmpty() && s.trend(8) < -0.25;
            default -> clicks.isEmpty();
        };
    }

    /// Per-attribute pass rates of a set of scores.
    public record Rates(int clips, double color, double background, double shape, double motion, double sound, double allFive) {
        public static Rates of(List<Score> scores) {
            double n = scores.size();
            return new Rates(scores.size(),
                    scores.stream().filter(Score::color).count() / n, scores.stream().filter(Score::background).count() / n,
                    scores.stream().filter(Score::shape).count() / n, scores.stream().filter(Score::motion).count() / n,
                    scores.stream().filter(Score::soundEvents).count() / n, scores.stream().filter(Score::all).count() / n);
        }

        /// Mean of the five attribute rates.
        public double mean() { return (color + background + shape + motion + sound) / 5; }

        @Override public String toString() {
            return String.format(Locale.ROOT, "%d clips: colour %.1f %%, background %.1f %%, shape %.1f %%, motion %.1f %%, sound %.1f %%; "
                    + "mean %.1f %%, all five %.1f %%", clips, 100 * color, 100 * background, 100 * shape, 100 * motion, 100 * sound,
                    100 * mean(), 100 * allFive);
        }
    }
}
