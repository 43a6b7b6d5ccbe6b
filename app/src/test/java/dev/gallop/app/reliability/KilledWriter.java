package dev.gallop.app.reliability;

import dev.gallop.app.export.Mp4Export;
import dev.gallop.app.project.ProjectFile;
import dev.gallop.app.timeline.Edits;
import dev.gallop.app.timeline.Timeline;
import dev.gallop.app.timeline.UndoStack;
import dev.gallop.engine.cli.GallopCli;
import dev.gallop.engine.runtime.CancelToken;
import java.io.PrintStream;
import java.nio.file.Path;

/// Child process of [KillTest]: repeats one write operation on the same files until it is killed, alternating
/// between two versions, and says where it is (`READY`, `START i`, `DONE i`) on stdout.
///
/// - `generate DIR`: `gallop generate` with the demo model into DIR/k.mp4 (seed 1, then 2, ...);
/// - `export PROJECT OUT`: the sample project's timeline exported to OUT at 64×32, then 128×64;
/// - `save PROJECT`: the project opened (as the studio does: leftovers swept), then saved as the sample timeline,
///   then with one shot removed.
public final class KilledWriter {
    public static void main(String[] args) throws Exception {
        PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
        switch (args[0]) {
            case "generate" -> {
                System.out.println("READY");
                for (int i = 0; ; i++) {
                    System.out.println("START " + i);
                    int code = GallopCli.run(new String[] {"generate", "--prompt", "a red circle bouncing on a blue background",
                            "--seed", Integer.toString(1 + i % 2), "--quiet", "--out", Path.of(args[1], "k.mp4").toString()}, quiet, quiet);
                    if (code != 0) throw new IllegalStateException("generate exited " + code);
                    System.out.println("DONE " + i);
                }
            }
            case "export" -> {
                Path project = Path.of(args[1]);
                Timeline t = ProjectFile.load(project);
                System.out.println("READY");
                for (int i = 0; ; i++) {
                    System.out.println("START " + i);
                    int w = i % 2 == 0 ? 64 : 128, h = w / 2;
                    Mp4Export.export(project, t, Path.of(args[2]), w, h, f -> { }, CancelToken.NEVER);
                    System.out.println("DONE " + i);
                }
            }
            case "save" -> {
                Path project = Path.of(args[1]);
                ProjectFile.lock(project);
                Timeline a = versionA(project), b = versionB(a);
                System.out.println("READY");
                for (int i = 0; ; i++) {
                    System.out.println("START " + i);
                    ProjectFile.save(project, i % 2 == 0 ? a : b);
                    System.out.println("DONE " + i);
                }
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /// The sample timeline (media written once by the test).
    static Timeline versionA(Path project) throws java.io.IOException { return ProjectFile.load(project.resolveSibling("template")); }

    /// The sample timeline without its shot "b".
    static Timeline versionB(Timeline a) {
        UndoStack s = new UndoStack(a);
        s.apply(Edits.Lift.of(a, "b"));
        return s.timeline();
    }
}
