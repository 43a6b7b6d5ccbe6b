package dev.gallop.app.media;

import dev.gallop.engine.backend.Device;
import dev.gallop.engine.models.AudioDecoder;
import dev.gallop.engine.models.VideoDecoder;
import dev.gallop.engine.pipeline.DecodedAudio;
import dev.gallop.engine.pipeline.DecodedVideo;
import dev.gallop.engine.pipeline.GeneratedClip;
import dev.gallop.engine.pipeline.LatentClip;
import dev.gallop.engine.pipeline.discovery.ModelManifest;
import dev.gallop.engine.pipeline.local.Components;
import dev.gallop.engine.runtime.CancelToken;
import java.io.IOException;
import java.nio.file.Path;

/// Turns latents (a finished clip, or one step's x₀ kept with "stop & keep") into frames and sound with the model's
/// own decoders, loaded once per model folder on the given device. A model without a video decoder gives the
/// [LatentPreview] picture instead, and one without an audio decoder gives no sound (ADR 0015).
public final class LatentDecoder {
    /// Frames and sound of a take; `audio` is null when the model has no audio decoder. `preview` is true when the
    /// frames are the latent picture rather than decoded video.
    public record Decoded(DecodedVideo video, DecodedAudio audio, boolean preview) {}

    private final Device device;
    private Path loadedFor;
    private VideoDecoder video;
    private AudioDecoder audio;

    public LatentDecoder(Device device) { this.device = device; }

    /// A finished generation: its own decoded frames and sound when the engine decoded them, else the preview.
    public static Decoded of(GeneratedClip clip) {
        if (clip.video() != null) return new Decoded(clip.video(), clip.audio(), false);
        LatentClip l = clip.latents();
        return new Decoded(LatentPreview.video(l, clip.request().size().width(), clip.request().size().height()), clip.audio(), true);
    }

    /// Decodes latents made for `model` at `width`×`height`.
    public synchronized Decoded decode(LatentClip latents, Path model, int width, int height, CancelToken cancel) throws IOException {
        load(model);
        if (video == null) {
            return new Decoded(LatentPreview.video(latents, width, height), audio == null ? null : audio.decode(latents.audio(), latents.audioFrames()), true);
        }
        DecodedVideo v = video.decode(latents.video(), latents.channels(), latents.frames(), latents.height(), latents.width(), cancel);
        cancel.throwIfCancelled();
        return new Decoded(v, audio == null ? null : audio.decode(latents.audio(), latents.audioFrames()), false);
    }

    /// Only the frames of the latents (a denoise step's picture), or null when the model has no video decoder.
    public synchronized DecodedVideo decodeVideo(LatentClip latents, Path model, CancelToken cancel) throws IOException {
        load(model);
        return video == null ? null : video.decode(latents.video(), latents.channels(), latents.frames(), latents.height(), latents.width(), cancel);
    }

    /// Only the sound of the latents (to listen to a step's audio x₀), or null when the model has no audio decoder.
    public synchronized DecodedAudio decodeAudio(LatentClip latents, Path model) throws IOException {
        load(model);
        return audio == null ? null : audio.decode(latents.audio(), latents.audioFrames());
    }

    private void load(Path model) throws IOException {
        Path abs = model.toAbsolutePath().normalize();
        if (abs.equals(loadedFor)) return;
        ModelManifest m = ModelManifest.read(abs);
        VideoDecoder v = m.component(ModelManifest.VIDEO_DECODER).isPresent()
                ? Components.videoDecoder(m.components().get(ModelManifest.VIDEO_DECODER), device) : null;
        AudioDecoder a = m.component(ModelManifest.AUDIO_DECODER).isPresent()
                ? Components.audioDecoder(m.components().get(ModelManifest.AUDIO_DECODER), device) : null;
        video = v;
        audio = a;
        loadedFor = abs;
    }
}
