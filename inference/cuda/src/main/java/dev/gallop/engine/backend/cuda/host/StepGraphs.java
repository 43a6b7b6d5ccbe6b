package dev.gallop.engine.backend.cuda.host;

import java.util.LinkedHashMap;
import java.util.Map;

/// CUDA graphs of whole steps, one per key (token count, precision, ...): the first [#run] of a key captures the
/// work the body enqueues on the compute stream, instantiates it and launches it; later runs of the key launch the
/// instantiated graph and skip the body, so a 40-layer step costs one launch of host time. At most `capacity`
/// graphs are kept; the least recently used is destroyed first. The body must enqueue work only (no host sync, no
/// allocation whose address changes between runs): the buffers it uses must live as long as the graph. Run it once
/// eagerly before its first capture, so library plans exist and pooled scratch memory comes from the pool's cache
/// (the driver refuses new device allocations while a stream is capturing).
public final class StepGraphs<K> implements AutoCloseable {
    /// Counters: graphs captured, graph launches, graphs evicted, captures that failed.
    public record Stats(long captures, long launches, long evictions, long failedCaptures, int cached) {}

    private final GpuDriver driver;
    private final int capacity;
    private final LinkedHashMap<K, Long> execs = new LinkedHashMap<>(16, 0.75f, true);
    private long captures, launches, evictions, failed;

    public StepGraphs(GpuDriver driver, int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("graph cache capacity must be at least 1, got " + capacity);
        this.driver = driver;
        this.capacity = capacity;
    }

    /// Runs the step of `key`; returns true when it was captured by this call.
    public boolean run(K key, Runnable body) {
        Long exec = execs.get(key);
        boolean captured = false;
        if (exec == null) {
            exec = capture(body);
            execs.put(key, exec);
            captured = true;
            evictOverCapacity();
        }
        driver.launch(exec);
        launches++;
        return captured;
    }

    private long capture(Runnable body) {
        driver.beginCapture();
        long graph;
        try {
            body.run();
        } catch (RuntimeException | Error e) {
            failed++;
            try {
                long broken = driver.endCapture();
                if (broken != 0) driver.destroyGraph(broken);
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        graph = driver.endCapture();
        try {
            long exec = driver.instantiate(graph);
            captures++;
            return exec;
        } finally {
            driver.destroyGraph(graph);
        }
    }

    private void evictOverCapacity() {
        while (execs.size() > capacity) {
            Map.Entry<K, Long> eldest = execs.entrySet().iterator().next();
            execs.remove(eldest.getKey());
            driver.destroyExec(eldest.getValue());
            evictions++;
        }
    }

    /// Drops the graph of `key` (its buffers are about to change); the next run captures again.
    public void invalidate(K key) {
        Long exec = execs.remove(key);
        if (exec != null) driver.destroyExec(exec);
    }

    public boolean contains(K key) { return execs.containsKey(key); }

    public Stats stats() { return new Stats(captures, launches, evictions, failed, execs.size()); }

    @Override public void close() {
        for (long e : execs.values()) driver.destroyExec(e);
        execs.clear();
    }
}
