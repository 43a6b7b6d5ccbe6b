package dev.gallop.app.testing;

import dev.gallop.app.timeline.Clip;
import dev.gallop.app.timeline.Edits;
import dev.gallop.app.timeline.Take;
import dev.gallop.app.timeline.Timeline;
import dev.gallop.app.timeline.UndoStack;
import java.io.IOException;
import java.nio.file.Path;

/// A project with two shots and a gap on V1, each shot's sound linked to it on A1, and one more sound clip on A1:
/// V1: [0, 20) shot "a" showing frames 10..29 of a.mp4 (with a 440 Hz tone); [20, 25) gap; [25, 45) shot "b"
/// (b.mp4, silent, two takes); A1: [0, 20) a's sound (linked to a), [30, 40) frames 0..9 of a.mp4's sound;
/// A2: [25, 45) b's (silent) sound, linked to b.
public final class SampleProject {
    private SampleProject() {}

    public static Timeline build(Path project) throws IOException {
        TestMedia.write(project.resolve("media/a.mp4"), 40, 64, 32, 440);
        TestMedia.write(project.resolve("media/b.mp4"), 20, 64, 32, 0);
        TestMedia.write(project.resolve("media/b2.mp4"), 20, 64, 32, 0);
        UndoStack s = new UndoStack(Timeline.empty());
        Take a = new Take("ta", "media/a.mp4", 40, "{\"seed\":11,\"prompt\":{\"body\":\"a red circle\"}}");
        s.apply(new Edits.AddClip("V1", Clip.of("a", 0, a)));
        s.apply(Edits.TrimClip.left(s.timeline(), "a", 0));
        s.apply(new Edits.TrimClip("a", 0, 0, 40, 0, 10, 30));
        s.apply(new Edits.AddClip("V1", Clip.of("b", 25, new Take("tb", "media/b.mp4", 20, "{\"seed\":12}"))));
        s.apply(Edits.AddTake.of(s.timeline(), "b", new Take("tb2", "media/b2.mp4", 20, "{\"seed\":13}")));
        s.apply(new Edits.AddClip("A1", new Clip("s", 30, 0, 10, java.util.List.of(a), 0)));
        // the shots' sound, linked to their pictures, as the studio places it
        s.apply(new Edits.AddClip("A1", new Clip("a.sound", 0, 10, 30, java.util.List.of(a), 0, "a", false)));
        s.apply(new Edits.AddTrack(new dev.gallop.app.timeline.Track("A2", dev.gallop.app.timeline.Track.Kind.AUDIO, java.util.List.of())));
        Clip b = s.timeline().clip("b");
        s.apply(new Edits.AddClip("A2", new Clip("b.sound", 25, b.in(), b.out(), b.takes(), b.active(), "b", false)));
        s.apply(Edits.SetLink.of(s.timeline(), java.util.List.of("a"), "a"));
        s.apply(Edits.SetLink.of(s.timeline(), java.util.List.of("b"), "b"));
        return s.timeline();
    }
}
