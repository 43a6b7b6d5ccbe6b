package dev.gallop.app.filmstrip;

import dev.gallop.engine.pipeline.GenerationEvent;
import dev.gallop.engine.pipeline.GenerationRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/// The filmstrips of the most recent jobs, oldest dropped first (x₀ latents are megabytes per step at 540p and up,
/// so only the last `capacity` jobs are kept in memory). UI thread only.
public final class Filmstrips {
    private final int capacity;
    private final Map<String, Filmstrip> strips = new LinkedHashMap<>(16, 0.75f, true);
    private final List<Consumer<Filmstrip>> listeners = new ArrayList<>();

    public Filmstrips(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("filmstrip capacity " + capacity + " must be at least 1");
        this.capacity = capacity;
    }

    /// Records a step of a job, starting its strip if needed.
    public Filmstrip add(String jobId, GenerationRequest request, GenerationEvent.Step step) {
        Filmstrip f = strips.computeIfAbsent(jobId, id -> new Filmstrip(id, request));
        f.add(step);
        while (strips.size() > capacity) strips.remove(strips.keySet().iterator().next());
        for (Consumer<Filmstrip> l : List.copyOf(listeners)) l.accept(f);
        return f;
    }

    /// Called with the strip after every step added to it.
    public void addListener(Consumer<Filmstrip> l) { listeners.add(l); }

    public Optional<Filmstrip> get(String jobId) { return Optional.ofNullable(strips.get(jobId)); }

    public int size() { return strips.size(); }
}
