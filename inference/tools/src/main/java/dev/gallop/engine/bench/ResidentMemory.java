package dev.gallop.engine.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/// This process's resident memory from `/proc/self/status` (Linux): the peak `VmHWM`, and a background sampler of
/// `RssAnon` (heap, native buffers: what the process allocated) and `RssFile` (pages of mapped files: the weights)
/// that keeps the maxima per named phase.
final class ResidentMemory implements AutoCloseable {
    /// One reading, in bytes.
    record Reading(long hwm, long rss, long anon, long file) {}

    /// Largest RssAnon, RssFile, their sum and the committed Java heap seen during a phase.
    record Peak(long anon, long file, long total, long heap) {
        Peak max(Peak o) {
            return new Peak(Math.max(anon, o.anon), Math.max(file, o.file), Math.max(total, o.total), Math.max(heap, o.heap));
        }
    }

    private final Map<String, Peak> peaks = new LinkedHashMap<>();
    private volatile String phase = "start";
    private volatile boolean running = true;
    private final Thread sampler;

    ResidentMemory(long everyMillis) {
        sampler = Thread.ofPlatform().daemon().name("gallop-rss-sampler").start(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(everyMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /// Starts a new phase (sampled once at its start).
    void phase(String name) {
        sample();
        phase = name;
        sample();
    }

    synchronized Map<String, Peak> peaks() { return new LinkedHashMap<>(peaks); }

    private synchronized void sample() {
        try {
            Reading r = read();
            peaks.merge(phase, new Peak(r.anon(), r.file(), r.anon() + r.file(), Runtime.getRuntime().totalMemory()), Peak::max);
        } catch (IOException e) {
            running = false;
        }
    }

    /// The current reading; an [IOException] when `/proc/self/status` is not there (not Linux).
    static Reading read() throws IOException {
        Path p = Path.of("/proc/self/status");
        if (!Files.isReadable(p)) throw new IOException("/proc/self/status is not readable: resident memory is measured on Linux only");
        long hwm = -1, rss = -1, anon = -1, file = -1;
        for (String line : Files.readAllLines(p)) {
            if (line.startsWith("VmHWM:")) hwm = kb(line);
            else if (line.startsWith("VmRSS:")) rss = kb(line);
            else if (line.startsWith("RssAnon:")) anon = kb(line);
            else if (line.startsWith("RssFile:")) file = kb(line);
        }
        return new Reading(hwm, rss, anon, file);
    }

    private static long kb(String line) {
        String[] p = line.trim().split("\\s+");
        return Long.parseLong(p[1]) * 1024;
    }

    @Override public void close() {
        running = false;
        sampler.interrupt();
    }
}
