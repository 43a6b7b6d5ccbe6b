package dev.gallop.app.viewer;

import dev.gallop.engine.backend.Device;
import dev.gallop.engine.pipeline.Components;
import dev.gallop.engine.pipeline.DecodedAudio;
import dev.gallop.engine.pipeline.DecodedVideo;
import dev.gallop.engine.pipeline.GeneratedClip;
import dev.gallop.engine.pipeline.GenerationRequest;
import dev.gallop.engine.pipeline.LatentClip;
import dev.gallop.engine.pipeline.ModelManifest;
import dev.gallop.engine.runtime.CancelToken;
import java.io.IOException;

/// "Stop & keep": decodes one step's x₀ with the model's own video and audio decoders, exactly as the engine
/// decodes the final latents, so a kept step is a real take. Runs off the UI thread.
public final class StepDecoder {
    private StepDecoder() {}

    public static GeneratedClip decode(LatentClip x0, GenerationRequest request, Device device, CancelToken cancel) throws IOException {
        ModelManifest m = ModelManifest.read(request.model());
        DecodedVideo video = null;
        DecodedAudio audio = null;
        if (m.component(ModelManifest.VIDEO_DECODER).isPresent()) {
            video = Components.videoDecoder(m.components().get(ModelManifest.VIDEO_DECODER), device)
                    .decode(x0.video(), x0.channels(), x0.frames(), x0.height(), x0.width(), cancel);
        }
        if (m.component(ModelManifest.AUDIO_DECODER).isPresent()) {
            cancel.throwIfCancelled();
            audio = Components.audioDecoder(m.components().get(ModelManifest.AUDIO_DECODER), device).decode(x0.audio(), x0.audioFrames());
        }
        return new GeneratedClip(x0, video, audio, request);
    }
}
