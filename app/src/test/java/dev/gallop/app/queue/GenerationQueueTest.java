package dev.gallop.app.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.gallop.app.testing.TestModels;
import dev.gallop.app.testing.UiThread;
import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.pipeline.GeneratedClip;
import dev.gallop.engine.pipeline.local.LocalGenerator;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The queue service on its own — no JavaFX anywhere: a plain thread owns it, a plain listener hears every change.
class GenerationQueueTest {
    @TempDir Path dir;

    @Test void aPlainListenerHearsEveryChangeInOrder() throws Exception {
        Path model = TestModels.latentOnly(dir);
        List<String> heard = new CopyOnWriteArrayList<>();
        List<String> done = new CopyOnWriteArrayList<>();
        JobSink sink = (QueuedJob job, GeneratedClip clip) -> done.add(job.id());
        try (UiThread owner = new UiThread(); LocalGenerator gen = new LocalGenerator(CpuDevice.get())) {
            GenerationQueue q = owner.call(() -> new GenerationQueue(gen, dir.resolve("queue.json"), owner, sink, System::nanoTime));
            owner.run(() -> q.addListener(c -> heard.add(switch (c) {
                case GenerationQueue.Change.Added a -> "added@" + a.index();
                case GenerationQueue.Change.Removed r -> "removed";
                case GenerationQueue.Change.Moved m -> "moved@" + m.index();
                case GenerationQueue.Change.Updated u -> u.job().state() + (u.job().step() > 0 ? " " + u.job().step() + "/" + u.job().totalSteps() : "");
                case GenerationQueue.Change.Running r -> r.job() == null ? "idle" : "running";
                case GenerationQueue.Change.Paused p -> p.paused() ? "paused" : "resumed";
                case GenerationQueue.Change.Error e -> "error " + e.message();
            })));
            QueuedJob a = owner.call(() -> q.add(TestModels.request(model, "a red circle", 1), null, false));
            owner.await(() -> done.size() == 1, 120, "the job");
            List<String> steps = heard.stream().filter(h -> h.startsWith("RUNNING ")).distinct().toList();
            assertEquals(List.of("RUNNING 1/3", "RUNNING 2/3", "RUNNING 3/3"), steps);
            assertEquals(List.of("added@0", "RUNNING", "running"), heard.subList(0, 3));
            assertEquals(List.of("DONE 3/3", "idle"), heard.subList(heard.size() - 2, heard.size()));
            assertEquals(JobState.DONE, a.state());
            // pause, add first, resume: the listener hears it in order
            heard.clear();
            owner.run(q::pause);
            QueuedJob b = owner.call(() -> q.add(TestModels.request(model, "a blue square", 2), null, true));
            assertEquals(List.of("paused", "added@1"), heard, "first among the waiting jobs: after the finished one");
            owner.run(() -> q.move(b, 0));
            owner.run(() -> q.remove(b));
            assertEquals(List.of("paused", "added@1", "moved@0", "removed"), heard);
            assertEquals(List.of(a), q.jobs());
        }
    }

    @Test void theServiceDoesNotUseJavaFx() throws Exception {
        for (Class<?> c : List.of(GenerationQueue.class, QueuedJob.class, QueueFile.class, RequestJson.class)) {
            try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
                String bytes = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                assertFalse(bytes.contains("javafx/"), c.getSimpleName() + " refers to JavaFX");
            }
        }
    }
}
