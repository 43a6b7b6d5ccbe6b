package dev.gallop.app.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.app.testing.TestModels;
import dev.gallop.app.testing.UiThread;
import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.pipeline.GeneratedClip;
import dev.gallop.engine.pipeline.GenerationEvent;
import dev.gallop.engine.pipeline.local.LocalGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The queue view model driving the real engine on the tiny random model, with a test thread as the UI thread.
class QueueViewModelTest {
    @TempDir Path dir;
    Path model, file;
    UiThread ui;
    LocalGenerator gen;
    final List<String> done = new CopyOnWriteArrayList<>();
    final List<String> events = new CopyOnWriteArrayList<>();

    final JobSink sink = new JobSink() {
        @Override public void step(QueuedJob job, GenerationEvent.Step step) { events.add(job.id() + ":step" + step.index() + "/" + step.total()); }

        @Override public void done(QueuedJob job, GeneratedClip clip) { done.add(job.id()); }
    };

    @BeforeEach void setUp() throws Exception {
        model = TestModels.latentOnly(dir);
        file = dir.resolve("project/queue.json");
        ui = new UiThread();
        gen = new LocalGenerator(CpuDevice.get());
    }

    @AfterEach void tearDown() {
        gen.close();
        ui.close();
    }

    QueueViewModel queue() throws Exception { return ui.call(() -> new QueueViewModel(gen, file, ui, sink)); }

    @Test void runsJobsOneAtATimeInListOrderWithStepsAndEta() throws Exception {
        QueueViewModel q = queue();
        ui.run(q::pause);
        QueueJob a = ui.call(() -> q.add(TestModels.request(model, "a red circle", 1)));
        QueueJob b = ui.call(() -> q.add(TestModels.request(model, "a blue square", 2)));
        QueueJob c = ui.call(() -> q.add(TestModels.request(model, "a green triangle", 3)));
        ui.run(() -> q.move(c, 0));
        ui.run(() -> q.moveDown(a));   // c, b, a
        List<Double> etas = new ArrayList<>();
        ui.run(() -> a.etaSecondsProperty().addListener((o, was, now) -> etas.add(now.doubleValue())));
        ui.run(q::resume);
        ui.await(() -> done.size() == 3, 120, "three jobs");
        assertEquals(List.of(c.id(), b.id(), a.id()), done);
        // steps of one job never interleave with another's: the queue runs one job at a time
        List<String> expected = new ArrayList<>();
        for (QueueJob j : List.of(c, b, a)) for (int i = 1; i <= 3; i++) expected.add(j.id() + ":step" + i + "/3");
        assertEquals(expected, events);
        for (QueueJob j : List.of(a, b, c)) {
            assertEquals(JobState.DONE, j.state());
            assertEquals(3, j.stepProperty().get());
            assertEquals(1.0, j.progressProperty().get());
        }
        // the ETA was known after the first step and reached zero at the last
        assertTrue(etas.stream().anyMatch(e -> e > 0 && Double.isFinite(e)), "ETA values " + etas);
        assertTrue(etas.contains(0.0), "ETA values " + etas);
        assertEquals("Done", a.statusProperty().get());
        assertTrue(ui.call(() -> q.currentProperty().get() == null));
    }

    @Test void everyChangeIsSavedAndARestartComesBackPaused() throws Exception {
        QueueViewModel q = queue();
        ui.run(q::pause);
        QueueJob a = ui.call(() -> q.add(TestModels.request(model, "a red circle", 1)));
        QueueJob b = ui.call(() -> q.add(TestModels.request(model, "a blue square", 2), "clip-7", false));
        assertEquals(List.of(a.id(), b.id()), QueueFile.read(file).stream().map(QueueFile.Entry::id).toList());
        ui.run(() -> q.move(b, 0));
        assertEquals(List.of(b.id(), a.id()), QueueFile.read(file).stream().map(QueueFile.Entry::id).toList());
        ui.run(() -> q.cancel(a));
        assertEquals(JobState.CANCELLED, QueueFile.read(file).get(1).state());

        QueueViewModel again = queue();
        assertTrue(again.pausedProperty().get(), "a queue with pending jobs comes back paused");
        assertEquals(2, again.jobs().size());
        QueueJob b2 = again.jobs().get(0);
        assertEquals(b.id(), b2.id());
        assertEquals(b.request(), b2.request());
        assertEquals("clip-7", b2.targetClip().orElseThrow());
        assertEquals(JobState.CANCELLED, again.jobs().get(1).state());
        assertTrue(done.isEmpty(), "nothing ran while paused");
    }

    @Test void aJobRunningAtACrashComesBackPendingAndPaused() throws Exception {
        QueueFile.write(file, List.of(new QueueFile.Entry("job-1", TestModels.request(model, "a red circle", 1), null, JobState.RUNNING, "")));
        QueueViewModel q = queue();
        assertEquals(JobState.PENDING, q.jobs().getFirst().state());
        assertTrue(q.pausedProperty().get());
        Thread.sleep(200);
        assertTrue(done.isEmpty(), "a paused queue starts nothing");
        ui.run(q::resume);
        ui.await(() -> done.size() == 1, 60, "the resumed job");
        assertEquals(JobState.DONE, QueueFile.read(file).getFirst().state());
    }

    @Test void cancelRetryAndRemove() throws Exception {
        QueueViewModel q = queue();
        QueueJob a = ui.call(() -> q.add(TestModels.request(model, "a red circle", 1)));
        assertEquals(JobState.RUNNING, a.state(), "an unpaused queue starts a new job at once");
        ui.run(() -> q.cancel(a));
        ui.await(() -> a.state() == JobState.CANCELLED, 60, "the cancelled job to end");
        assertTrue(done.isEmpty());
        QueueJob b = ui.call(() -> q.add(TestModels.request(model, "a blue square", 2)));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ui.run(() -> q.retry(b)));
        assertTrue(e.getMessage().contains("nothing to retry"), e.getMessage());
        ui.await(() -> done.size() == 1, 60, "the second job");
        ui.run(() -> q.retry(a));
        ui.await(() -> done.size() == 2 && a.state() == JobState.DONE, 60, "the retried job");
        assertEquals(a.id(), done.get(1));
        ui.run(() -> q.remove(a));
        assertEquals(1, QueueFile.read(file).size());
        assertFalse(ui.call(() -> q.jobs().contains(a)));
    }

    @Test void removingTheRunningJobIsRefused() throws Exception {
        QueueViewModel q = queue();
        QueueJob a = ui.call(() -> q.add(TestModels.request(model, "a red circle", 1)));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ui.run(() -> q.remove(a)));
        assertTrue(e.getMessage().contains("cancel it"), e.getMessage());
        ui.await(() -> a.state() == JobState.DONE, 60, "the job");
    }

    @Test void aFailedJobSaysWhyAndTheNextOneRuns() throws Exception {
        QueueViewModel q = queue();
        ui.run(q::pause);
        QueueJob bad = ui.call(() -> q.add(TestModels.request(dir.resolve("no-such-model"), "a red circle", 1)));
        QueueJob good = ui.call(() -> q.add(TestModels.request(model, "a blue square", 2)));
        ui.run(q::resume);
        ui.await(() -> good.state() == JobState.DONE, 60, "the good job");
        assertEquals(JobState.FAILED, bad.state());
        assertTrue(bad.messageProperty().get().contains("no-such-model"), bad.messageProperty().get());
        assertTrue(bad.statusProperty().get().startsWith("Failed: "));
        assertEquals(JobState.FAILED, QueueFile.read(file).getFirst().state());
        assertTrue(QueueFile.read(file).getFirst().message().contains("no-such-model"));
    }

    @Test void aBrokenQueueFileIsReportedAndNeverOverwritten() throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"format\": \"gallop-queue\", \"version\": 1, \"jobs\": [ {\"id\": ");
        QueueViewModel q = queue();
        assertTrue(q.errorProperty().get().contains(file.toString()), q.errorProperty().get());
        assertTrue(q.jobs().isEmpty());
        assertTrue(q.pausedProperty().get());
        byte[] before = Files.readAllBytes(file);
        ui.call(() -> q.add(TestModels.request(model, "a red circle", 1)));
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(file)), "the broken file is left as it was");
        Path aside = ui.call(q::discardBrokenFile);
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(aside)), "the broken file is kept, moved aside");
        assertEquals(1, QueueFile.read(file).size(), "after moving it aside the queue is saved again");
        assertEquals("", q.errorProperty().get());
    }

    @Test void aNewerQueueFileIsRefusedByName() throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"format\": \"gallop-queue\", \"version\": 7, \"jobs\": []}");
        QueueViewModel q = queue();
        assertTrue(q.errorProperty().get().contains("version 7") && q.errorProperty().get().contains("newer"), q.errorProperty().get());
        ui.call(() -> q.add(TestModels.request(model, "a red circle", 1)));
        assertTrue(Files.readString(file).contains("\"version\": 7"), "the newer file is not replaced");
    }
}
