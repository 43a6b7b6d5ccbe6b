package dev.gallop.engine.pipeline.local;

import dev.gallop.engine.backend.Device;
import dev.gallop.engine.pipeline.GeneratedClip;
import dev.gallop.engine.pipeline.GenerationEvent;
import dev.gallop.engine.pipeline.GenerationJob;
import dev.gallop.engine.pipeline.GenerationRequest;
import dev.gallop.engine.pipeline.Generator;
import dev.gallop.engine.pipeline.discovery.ModelManifest;
import dev.gallop.engine.runtime.JobContext;
import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/// Runs generations on this machine, one at a time, on the engine's own thread. A request names a model folder
/// (`model.json`) or a models root; the last model stays open so retakes and queue runs do not reload weights, and
/// within it each component is kept or released after its stage as the [Residency] says.
public final class LocalGenerator implements Generator {
    private final Device device;
    private final Residency residency;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "gallop-engine");
        t.setDaemon(true);
        return t;
    });
    private LoadedModel loaded;   // engine thread only

    /// A generator that keeps components loaded.
    public LocalGenerator(Device device) { this(device, Residency.KEEP_LOADED); }

    public LocalGenerator(Device device, Residency residency) {
        this.device = device;
        this.residency = residency;
    }

    @Override public GenerationJob submit(GenerationRequest request, Consumer<GenerationEvent> listener) {
        GenerationJob job = new GenerationJob(request);
        executor.execute(() -> run(job, listener));
        return job;
    }

    private void run(GenerationJob job, Consumer<GenerationEvent> listener) {
        GenerationRequest r = job.request();
        JobEvents events = new JobEvents(listener);
        try {
            job.token().throwIfCancelled();
            // loaders deep inside (zstd shards unpacked by Checkpoint.open) report to and are cancelled by this job
            GeneratedClip clip = JobContext.run(new JobContext(job.token(), events), () -> {
                events.accept(new GenerationEvent.Phase("loading model"));
                LoadedModel model = model(ModelManifest.open(r.model().toAbsolutePath().normalize(), r.variant()));
                return GenerationPipeline.run(model, r, residency, events, job.token());
            });
            listener.accept(new GenerationEvent.Done(clip));
            job.future().complete(clip);
        } catch (CancellationException e) {
            listener.accept(new GenerationEvent.Cancelled());
            job.future().cancel(false);
        } catch (Throwable e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            listener.accept(new GenerationEvent.Failed(msg, e));
            job.future().completeExceptionally(e);
        }
    }

    /// The open model for `m`, reusing the last one when the manifest is the same.
    private LoadedModel model(ModelManifest m) throws IOException {
        if (loaded != null && loaded.manifest().equals(m)) return loaded;
        if (loaded != null) {
            loaded.close();
            loaded = null;
        }
        loaded = LoadedModel.lazy(m, device);
        return loaded;
    }

    @Override public void close() {
        executor.execute(() -> {
            if (loaded != null) loaded.close();
            loaded = null;
        });
        executor.shutdown();
    }
}
