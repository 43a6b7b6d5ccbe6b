package dev.gallop.app.viewer;

import dev.gallop.engine.pipeline.LatentClip;

/// The audio x₀ drawn without a decoder: per audio latent frame (one per video frame at 25 fps), the root mean
/// square over its channels, scaled so the loudest frame is 1. Shows where sound is forming while denoising runs.
public final class LatentEnvelope {
    private LatentEnvelope() {}

    public static float[] of(LatentClip c) {
        int n = c.audioFrames(), a = c.audioChannels();
        float[] out = new float[n];
        float max = 0;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = 0; k < a; k++) {
                float v = c.audio()[i * a + k];
                s += v * v;
            }
            out[i] = (float) Math.sqrt(s / Math.max(1, a));
            max = Math.max(max, out[i]);
        }
        if (max > 0) for (int i = 0; i < n; i++) out[i] /= max;
        return out;
    }
}
