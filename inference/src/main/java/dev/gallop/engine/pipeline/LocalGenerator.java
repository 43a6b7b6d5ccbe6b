package dev.gallop.engine.pipeline;

import dev.gallop.engine.backend.Device;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/// Runs generations on this machine, one at a time, on the engine's own thread. The last loaded model stays
/// resident so retakes and queue runs do not reload weights.
public final class LocalGenerator implements Generator {
    private final Device device;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "gallop-engine");
        t.setDaemon(true);
        return t;
    });
    private LoadedModel loaded;   // engine thread only

    public LocalGenerator(Device device) { this.device = device; }

    @Override public GenerationJob submit(GenerationRequest request, Consumer<GenerationEvent> listener) {
        GenerationJob job = new GenerationJob(request);
        executor.execute(() -> run(job, listener));
        return job;
    }

    private void run(GenerationJob job, Consumer<GenerationEvent> listener) {
        GenerationRequest r = job.request();
        try {
            job.token().throwIfCancelled();
            listener.accept(new GenerationEvent.Phase("loading model"));
            LoadedModel model = model(r.model());
            if (r.image().isPresent() && model.imageEncoder() == null) {
                throw new IllegalArgumentException("model " + model.manifest().name() + " has no video encoder, so it cannot take a reference image");
            }
            if (r.audio().isPresent() && model.audioEncoder() == null) {
                throw new IllegalArgumentException("model " + model.manifest().name() + " has no audio encoder, so it cannot take an audio track");
            }
            if (r.image().isPresent() || r.audio().isPresent()) {
                throw new IllegalArgumentException("image and audio conditioning are not wired into the generator yet");
            }
            listener.accept(new GenerationEvent.Phase("encoding prompt"));
            float[] text = model.textEncoder().encode(r.prompt().render());
            float[] negative = model.manifest().sampler() == ModelManifest.Sampler.UNIPC && !model.manifest().negativePrompt().isBlank()
                    ? model.textEncoder().encode(model.manifest().negativePrompt()) : null;
            listener.accept(new GenerationEvent.Phase("denoising"));
            LatentClip latents = Denoiser.run(model, r, text, negative, listener, job.token());
            DecodedVideo video = null;
            DecodedAudio audio = null;
            if (model.videoDecoder() != null) {
                listener.accept(new GenerationEvent.Phase("decoding video"));
                video = model.videoDecoder().decode(latents.video(), latents.channels(), latents.frames(), latents.height(), latents.width(), job.token());
            }
            if (model.audioDecoder() != null) {
                job.token().throwIfCancelled();
                listener.accept(new GenerationEvent.Phase("decoding audio"));
                audio = model.audioDecoder().decode(latents.audio(), latents.audioFrames());
            }
            GeneratedClip clip = new GeneratedClip(latents, video, audio, r);
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

    private LoadedModel model(Path folder) throws IOException {
        Path abs = folder.toAbsolutePath().normalize();
        if (loaded != null && loaded.manifest().folder().toAbsolutePath().normalize().equals(abs)) return loaded;
        if (loaded != null) {
            loaded.close();
            loaded = null;
        }
        loaded = LoadedModel.load(ModelManifest.read(abs), device);
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
