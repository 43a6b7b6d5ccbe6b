package dev.gallop.engine.backend;

import java.lang.foreign.MemorySegment;
import java.util.List;

/// Host-to-device copies that run beside the device's computation, for data uploaded again and again from host
/// memory that does not change (streamed weights). On a GPU the copies run on their own stream, so the next layer's
/// weights arrive while the current layer computes; [Mark]s order the two queues: a copy can wait for the computation
/// to finish with its destination, and the computation can wait for a copy. Where the device has no separate copy
/// engine (the CPU) copies happen when asked and marks are already reached. One user at a time.
public interface Uploader extends AutoCloseable {
    /// A point in the copies' or the computation's queue. Closing it releases what it holds (a GPU event).
    interface Mark extends AutoCloseable {
        @Override void close();
    }

    /// Marks the computation queued so far (for example the last use of a buffer the next copy overwrites).
    Mark computeMark();

    /// Queues copies of `sources[i]` into `dst` at byte offset `offsets[i]`, starting once the computation reached
    /// `after` (null: at once). The sources must stay valid and unchanged until the returned mark is reached.
    Mark upload(List<MemorySegment> sources, Buffer dst, long[] offsets, Mark after);

    /// The computation queued from now on waits for `m`.
    void computeWaits(Mark m);

    /// Host memory of `bytes` that these copies read fastest (page-locked on a GPU), freed when unreachable; null
    /// where any host memory is as good (the CPU).
    MemorySegment hostMemory(long bytes);

    @Override void close();

    /// Copies made at once with [Device#copyFromHost]; every mark is already reached.
    static Uploader synchronous(Device device) {
        Mark reached = () -> { };
        return new Uploader() {
            @Override public Mark computeMark() { return reached; }

            @Override public Mark upload(List<MemorySegment> sources, Buffer dst, long[] offsets, Mark after) {
                for (int i = 0; i < sources.size(); i++) device.copyFromHost(sources.get(i), dst, offsets[i]);
                return reached;
            }

            @Override public void computeWaits(Mark m) { }

            @Override public MemorySegment hostMemory(long bytes) { return null; }

            @Override public void close() { }
        };
    }
}
