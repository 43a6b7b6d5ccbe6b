package dev.gallop.app.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gallop.app.filmstrip.Filmstrips;
import dev.gallop.app.media.LatentDecoder;
import dev.gallop.app.queue.JobState;
import dev.gallop.app.queue.QueueJob;
import dev.gallop.app.queue.QueueViewModel;
import dev.gallop.app.testing.TestModels;
import dev.gallop.app.testing.UiThread;
import dev.gallop.app.timeline.Clip;
import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.media.MediaInfo;
import dev.gallop.engine.pipeline.local.LocalGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// Generation results → project media → timeline, on the real engine with the tiny decoders.
class ShotResultsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path dir;
    UiThread ui;
    ExecutorService background;
    LocalGenerator gen;
    ProjectSession session;
    ShotResults results;
    QueueViewModel queue;

    @BeforeEach void setUp() throws Exception {
        ui = new UiThread();
        background = Executors.newSingleThreadExecutor();
        gen = new LocalGenerator(CpuDevice.get());
        Path project = dir.resolve("project");
        session = ui.call(() -> ProjectSession.open(project));
        results = new ShotResults(session, new Filmstrips(4), new LatentDecoder(CpuDevice.get()), background, ui);
        queue = ui.call(() -> new QueueViewModel(gen, project.resolve("queue.json"), ui, results));
    }

    @AfterEach void tearDown() {
        gen.close();
        background.shutdownNow();
        ui.close();
    }

    JsonNode record(Clip c) throws Exception { return JSON.readTree(c.take().record()); }

    @Test void aFinishedClipBecomesAShotWithItsMediaAndRecordAndARetakeStacksUp() throws Exception {
        Path model = TestModels.withDecoders(dir);
        QueueJob job = ui.call(() -> queue.add(TestModels.request(model, "a red circle", 7)));
        ui.await(() -> !session.timeline().track("V1").clips().isEmpty(), 120, "the shot on the timeline");
        Clip shot = session.timeline().track("V1").clips().getFirst();
        assertEquals(9, shot.duration());
        assertEquals(JobState.DONE, job.state());
        assertEquals(3, results.filmstrips().get(job.id()).orElseThrow().size(), "every step's x0 is kept");
        Path mp4 = session.folder().resolve(shot.take().media());
        MediaInfo info = MediaInfo.read(mp4);
        assertEquals(9, info.videoFrames());
        assertEquals(96, info.width());
        assertEquals(64, info.height());
        assertTrue(info.hasAudio(), "the decoded sound is in the take");
        JsonNode rec = JSON.readTree(info.metadata().get("comment"));
        assertEquals(7, rec.path("seed").asInt());
        assertEquals("a red circle", rec.path("prompt").path("body").asText());
        assertEquals("final", rec.path("take").path("kind").asText());
        assertEquals("decoded", rec.path("take").path("video").asText());
        assertEquals(rec, JSON.readTree(Files.readString(mp4.resolveSibling(shot.take().id() + ".json"))), "the sidecar holds the same record");
        assertEquals(rec, record(shot));

        // regenerate with another seed: a new take on the same shot; undo brings the first one back
        java.util.List<String> placed = new java.util.concurrent.CopyOnWriteArrayList<>();
        ui.run(() -> results.placedClipProperty().addListener((o, was, now) -> { if (now != null) placed.add(now); }));
        ui.call(() -> queue.add(TestModels.request(model, "a red circle", 8), shot.id(), false));
        ui.await(() -> session.timeline().clip(shot.id()).takes().size() == 2, 120, "the new take");
        assertEquals(8, record(session.timeline().clip(shot.id())).path("seed").asInt());
        assertEquals(1, session.timeline().track("V1").clips().size());
        ui.run(session::undo);
        assertEquals(shot.take(), session.timeline().clip(shot.id()).take());
        assertEquals(shot.id(), results.placedClipProperty().get());
        assertEquals(java.util.List.of(shot.id()), placed, "a placement on the same shot is still announced");
        assertEquals("", results.errorProperty().get());
    }

    @Test void stopAndKeepTurnsAStepIntoATake() throws Exception {
        Path model = TestModels.withDecoders(dir);
        QueueJob job = ui.call(() -> queue.add(TestModels.request(model, "a blue square", 3)));
        ui.await(() -> session.timeline().track("V1").clips().size() == 1, 120, "the finished shot");
        ui.run(() -> results.keepStep(queue.queue(), job.job(), 2));
        ui.await(() -> session.timeline().track("V1").clips().size() == 2, 120, "the kept step");
        Clip kept = session.timeline().track("V1").clips().get(1);
        JsonNode rec = record(kept);
        assertEquals("step", rec.path("take").path("kind").asText());
        assertEquals(2, rec.path("take").path("step").asInt());
        assertEquals(3, rec.path("take").path("of").asInt());
        MediaInfo info = MediaInfo.read(session.folder().resolve(kept.take().media()));
        assertEquals(9, info.videoFrames());
        assertTrue(info.hasAudio());
    }

    @Test void stopAndKeepOnARunningJobCancelsItAndPlacesOnlyTheKeptStep() throws Exception {
        Path model = TestModels.withDecoders(dir);
        ui.run(queue::pause);
        QueueJob job = ui.call(() -> queue.add(TestModels.request(model, "a yellow circle", 4)));
        // keep step 1 the moment it arrives, while the job is still running
        ui.run(() -> job.stepProperty().addListener((o, was, now) -> {
            if (now.intValue() == 1 && job.state() == JobState.RUNNING) results.keepStep(queue.queue(), job.job(), 1);
        }));
        ui.run(queue::resume);
        ui.await(() -> job.state().ended() && results.writingProperty().get() == 0 && !session.timeline().track("V1").clips().isEmpty(), 120, "the kept take");
        Thread.sleep(300);
        assertEquals(1, ui.call(() -> session.timeline().track("V1").clips().size()), "only the kept step lands");
        assertEquals(1, record(session.timeline().track("V1").clips().getFirst()).path("take").path("step").asInt());
    }

    @Test void aModelWithoutDecodersGivesALatentPreviewTakeWithoutSound() throws Exception {
        Path model = TestModels.latentOnly(dir);
        ui.call(() -> queue.add(TestModels.request(model, "a green triangle", 1)));
        ui.await(() -> !session.timeline().track("V1").clips().isEmpty(), 120, "the shot");
        Clip shot = session.timeline().track("V1").clips().getFirst();
        assertEquals("latent-preview", record(shot).path("take").path("video").asText());
        MediaInfo info = MediaInfo.read(session.folder().resolve(shot.take().media()));
        assertEquals(9, info.videoFrames());
        assertEquals(96, info.width());
        assertFalse(info.hasAudio());
    }
}
