package dev.gallop.app.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.app.playback.AudioOutput;
import dev.gallop.app.project.ProjectFile;
import dev.gallop.app.queue.JobState;
import dev.gallop.app.queue.QueueFile;
import dev.gallop.app.queue.QueueJob;
import dev.gallop.app.testing.TestModels;
import dev.gallop.app.testing.UiThread;
import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.media.MediaInfo;
import dev.gallop.engine.pipeline.local.LocalGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The wired studio core through a user's flow: generate, the shot lands, the filmstrip and player follow, split,
/// undo, export and read the MP4 back; autosave; the queue saved in the project.
class StudioCoreTest {
    @TempDir Path dir;

    @Test void generateToExport() throws Exception {
        Path model = TestModels.withDecoders(dir);
        Path project = dir.resolve("My film");
        try (UiThread ui = new UiThread(); LocalGenerator gen = new LocalGenerator(CpuDevice.get())) {
            StudioCore core = ui.call(() -> new StudioCore(ProjectSession.open(project), gen, CpuDevice.get(),
                    () -> { throw new AudioOutput.Unavailable("no sound device could be opened", null); }, ui));
            ui.run(() -> core.startAutosave(Duration.ofMillis(50)));
            QueueJob job = ui.call(() -> core.queue().add(TestModels.request(model, "a red circle", 5)));
            ui.await(() -> core.session().timeline().duration() == 9, 120, "the shot");
            assertEquals(JobState.DONE, job.state());
            assertEquals(job.id(), core.filmstrip().jobIdProperty().get(), "the filmstrip followed the job");
            assertEquals(3, core.filmstrip().stepCountProperty().get());
            assertEquals(9, core.player().durationProperty().get());
            ui.await(() -> core.player().pictureProperty().get() != null, 30, "the player's picture");
            assertEquals(96, core.player().pictureProperty().get().width());

            String shot = core.session().timeline().track("V1").clips().getFirst().id();
            ui.run(() -> core.session().apply(new dev.gallop.app.timeline.Edits.SplitClip(shot, 4, "shot-b")));
            ui.await(() -> Files.exists(project.resolve(ProjectFile.AUTOSAVE)), 10, "the autosave");
            ui.run(() -> core.session().undo());
            assertEquals(1, core.session().timeline().track("V1").clips().size());

            Path out = core.export().suggestedFile("film", "mp4");
            ui.call(() -> core.export().exportMp4(out));
            ui.await(() -> !core.export().runningProperty().get(), 60, "the export");
            MediaInfo info = MediaInfo.read(out);
            assertEquals(9, info.videoFrames());
            assertTrue(info.hasAudio());
            assertTrue(info.metadata().get("comment").contains("a red circle"));
            assertEquals(JobState.DONE, QueueFile.read(project.resolve(StudioCore.QUEUE_FILE)).getFirst().state());
            ui.run(core::close);
        }
    }
}
