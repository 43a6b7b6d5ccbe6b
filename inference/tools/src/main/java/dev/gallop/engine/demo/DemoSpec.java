package dev.gallop.engine.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/// What a demo prompt says: a shape of a colour, moving some way, on a background colour.
public record DemoSpec(DemoShape shape, DemoColor color, DemoMotion motion, DemoColor background) {

    public DemoSpec {
        if (!DemoColor.SHAPES.contains(color)) throw new IllegalArgumentException(color.word() + " is not a shape colour");
        if (!DemoColor.BACKGROUNDS.contains(background)) throw new IllegalArgumentException(background.word() + " is not a background colour");
        if (color == background) throw new IllegalArgumentException("a " + color.word() + " shape on a " + background.word() + " background is invisible");
        if (!motion.allows(shape)) throw new IllegalArgumentException("a " + shape.word() + " cannot be " + motion.phrase());
    }

    /// A uniformly drawn valid spec.
    public static DemoSpec sample(SplittableRandom r) {
        while (true) {
            DemoShape shape = DemoShape.values()[r.nextInt(DemoShape.values().length)];
            DemoMotion motion = DemoMotion.values()[r.nextInt(DemoMotion.values().length)];
            DemoColor color = DemoColor.SHAPES.get(r.nextInt(DemoColor.SHAPES.size()));
            DemoColor bg = DemoColor.BACKGROUNDS.get(r.nextInt(DemoColor.BACKGROUNDS.size()));
            if (color != bg && motion.allows(shape)) return new DemoSpec(shape, color, motion, bg);
        }
    }

    /// A drawn spec that is not one of [#heldOut()] (the training distribution).
    public static DemoSpec sampleTraining(SplittableRandom r) {
        Set<DemoSpec> held = Set.copyOf(heldOut());
        while (true) {
            DemoSpec s = sample(r);
            if (!held.contains(s)) return s;
        }
    }

    /// The 28 combinations never put in the training set, used by the prompt-adherence evaluation: four per motion,
    /// every shape, shape colour and background colour several times.
    public static List<DemoSpec> heldOut() {
        List<DemoSpec> out = new ArrayList<>();
        DemoMotion[] motions = DemoMotion.values();
        for (int i = 0; i < 28; i++) {
            DemoMotion m = motions[i % motions.length];
            DemoShape shape = DemoShape.values()[(i / motions.length + i) % 3];
            if (!m.allows(shape)) shape = DemoShape.values()[(shape.ordinal() + 1 + i % 2) % 3];
            DemoColor color = DemoColor.SHAPES.get((5 * i + 1) % DemoColor.SHAPES.size());
            int b = (5 * i + 2) % DemoColor.BACKGROUNDS.size();
            DemoColor bg = DemoColor.BACKGROUNDS.get(b);
            if (bg == color) bg = DemoColor.BACKGROUNDS.get((b + 1) % DemoColor.BACKGROUNDS.size());
            out.add(new DemoSpec(shape, color, m, bg));
        }
        return List.copyOf(out);
    }
}
