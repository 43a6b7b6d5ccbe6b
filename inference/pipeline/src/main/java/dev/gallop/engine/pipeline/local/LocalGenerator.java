package dev.gallop.engine.pipeline.local;

import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.DeviceMemoryException;
import dev.gallop.engine.backend.MemoryBudget;
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
///
/// Every job is planned first ([MemoryPlanner]) within the [MemoryBudget] the device is held to: a request that cannot
/// fit is refused before anything loads, one that fits runs with the plan's [Placement]. An allocation that fails
/// anyway ends the job with what did not fit and what to change; the model is released, the device's cached memory
/// given back, and the next job runs.
public final class LocalGenerator implements Generator {
    private static final System.Logger LOG = System.getLogger("dev.gallop.engine.pipeline.local");
    private final Device device;
    private final Residency residency;
    private volatile MemoryBudget budget = MemoryBudget.UNLIMITED;
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

    /// Holds the device to `b` from the next job on (the studio's GPU memory setting, `--vram`).
    public void setBudget(MemoryBudget b) { budget = java.util.Objects.requireNonNull(b); }

    public MemoryBudget budget() { return budget; }

    public Device device() { return device; }

    /// The memory plan `r` would run with now: reads the model's configs and file headers, loads nothing (call it
    /// off the UI thread).
    public MemoryPlan plan(GenerationRequest r) throws IOException {
        return MemoryPlanner.plan(r, ModelManifest.open(r.model().toAbsolutePath().normalize(), r.variant()), device, budget,
                residency == Residency.KEEP_LOADED);
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
                ModelManifest m = ModelManifest.open(r.model().toAbsolutePath().normalize(), r.variant());
                device.limitMemory(budget);
                MemoryPlan plan = MemoryPlanner.plan(r, m, device, budget, residency == Residency.KEEP_LOADED);
                if (!plan.fits()) throw new IllegalArgumentException(plan.verdict());
                LOG.log(System.Logger.Level.DEBUG, () -> plan.table());
                events.accept(new GenerationEvent.Phase("loading model"));
                LoadedModel model = model(m, plan.placement());
                Residency use = plan.placement().releaseAfterUse() ? Residency.RELEASE_AFTER_USE : residency;
                try {
                    return GenerationPipeline.run(model, r, use, events, job.token());
                } catch (DeviceMemoryException e) {
                    throw outOfMemory(e, events.phase(), plan);
                }
            });
            listener.accept(new GenerationEvent.Done(clip));
            job.future().complete(clip);
        } catch (CancellationException e) {
            listener.accept(new GenerationEvent.Cancelled());
            job.future().cancel(false);
        } catch (Throwable e) {
            if (e instanceof DeviceMemoryException || e instanceof OutOfMemoryError) freeAfterFailure();
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            listener.accept(new GenerationEvent.Failed(msg, e));
            job.future().completeExceptionally(e);
        }
    }

    /// The open model for `m`, reusing the last one when the manifest and placement are the same.
    private LoadedModel model(ModelManifest m, Placement placement) throws IOException {
        if (loaded != null && loaded.manifest().equals(m) && loaded.placement().equals(placement)) return loaded;
        if (loaded != null) {
            loaded.close();
            loaded = null;
            device.releaseCached();
        }
        loaded = LoadedModel.lazy(m, device, placement);
        return loaded;
    }

    /// What a job that ran out of memory took is given back: the model (it loads again for the next job), then the
    /// garbage the job left and the device's cache.
    private void freeAfterFailure() {
        if (loaded != null) {
            try {
                loaded.close();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "releasing the model after a failed job: " + e.getMessage());
            }
            loaded = null;
        }
        System.gc();
        device.releaseCached();
    }

    private static DeviceMemoryException outOfMemory(DeviceMemoryException e, String phase, MemoryPlan plan) {
        MemoryPlan.Stage peak = plan.peakStage();
        DeviceMemoryException out = new DeviceMemoryException("out of memory" + (phase == null ? "" : " while " + phase) + ": " + e.getMessage()
                + ". The plan expected a peak of " + MemoryBudget.format(peak.peakBytes()) + " in " + peak.name() + " with " + plan.placement().describe()
                + "; ask for a shorter or smaller clip, free memory other programs hold on " + plan.device()
                + (plan.budget().isUnlimited() ? "" : ", or raise the budget (" + plan.budget() + ")"),
                e.requestedBytes(), e.inUseBytes(), e.limitBytes());
        out.initCause(e);
        return out;
    }

    @Override public void close() {
        executor.execute(() -> {
            if (loaded != null) loaded.close();
            loaded = null;
        });
        executor.shutdown();
    }
}
