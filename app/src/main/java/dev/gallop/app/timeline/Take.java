package dev.gallop.app.timeline;

/// One generated version of a shot: its media file (relative to the project folder), length in frames and the
/// generation record (JSON text: prompt, seed, model, steps, sampler).
public record Take(String id, String media, int frames, String record) {
    public Take {
        if (frames <= 0) throw new IllegalArgumentException("take " + id + " has " + frames + " frames");
        if (media == null || media.isBlank()) throw new IllegalArgumentException("take " + id + " has no media file");
    }
}
