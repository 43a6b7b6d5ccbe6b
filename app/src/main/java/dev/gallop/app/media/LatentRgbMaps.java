package dev.gallop.app.media;

import dev.gallop.engine.pipeline.DecodedVideo;
import dev.gallop.engine.pipeline.LatentClip;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/// The latent colour map of each model, learnt from its own decoder: first from a probe (a few random latent pixels
/// decoded once per model), then refined with every step picture the decoder makes of a real x₀ (the newest
/// [#MAX_SAMPLES] latent pixels kept). UI thread only; the decoding is the caller's.
public final class LatentRgbMaps {
    public static final int MAX_SAMPLES = 4096;
    /// The probe's latent: one frame of 8×8 latent pixels.
    public static final int PROBE_SIZE = 8;

    private static final class Model {
        final List<float[]> latents = new ArrayList<>(), colours = new ArrayList<>();
        LatentRgbMap map;
        boolean probing;
    }

    private final Map<Path, Model> models = new HashMap<>();

    /// The map of `model` once one has been fitted.
    public Optional<LatentRgbMap> map(Path model) {
        Model m = models.get(key(model));
        return m == null ? Optional.empty() : Optional.ofNullable(m.map);
    }

    /// True when `model` has no map and no probe was started for it: the caller should decode [#probe] and
    /// [#add] the result. Marks the probe as started.
    public boolean wantsProbe(Path model) {
        Model m = models.computeIfAbsent(key(model), k -> new Model());
        if (m.map != null || m.probing) return false;
        m.probing = true;
        return true;
    }

    /// The probe latent for a model whose latents have `channels` channels: standard normal values, as x₀ latents of
    /// a normalized latent space spread (seeded, so a probe is the same every time).
    public static LatentClip probe(int channels) {
        SplittableRandom r = new SplittableRandom(20260);
        float[] v = new float[channels * PROBE_SIZE * PROBE_SIZE];
        for (int i = 0; i < v.length; i++) {
            double u1 = r.nextDouble(), u2 = r.nextDouble();
            v[i] = (float) (Math.sqrt(-2 * Math.log(Math.max(u1, 1e-12))) * Math.cos(2 * Math.PI * u2));
        }
        return new LatentClip(v, channels, 1, PROBE_SIZE, PROBE_SIZE, new float[0], 0);
    }

    /// Adds a decoded latent frame 0 of `latents` (`decoded` is what the decoder made of it; its first picture frame
    /// comes from latent frame 0) and refits the map.
    public void add(Path model, LatentClip latents, DecodedVideo decoded) {
        Model m = models.computeIfAbsent(key(model), k -> new Model());
        byte[] first = java.util.Arrays.copyOf(decoded.rgb(), decoded.height() * decoded.width() * 3);
        LatentRgbMap.samples(latents, 0, first, decoded.width(), decoded.height(), m.latents, m.colours);
        while (m.latents.size() > MAX_SAMPLES) {
            m.latents.removeFirst();
            m.colours.removeFirst();
        }
        m.map = LatentRgbMap.fit(latents.channels(), m.latents, m.colours);
    }

    /// The decoder gave nothing for this model (none, or it failed): no map, no more probes.
    public void failed(Path model) { models.computeIfAbsent(key(model), k -> new Model()).probing = true; }

    private static Path key(Path model) { return model.toAbsolutePath().normalize(); }
}
