package dev.gallop.engine.backend.cuda;

import dev.gallop.engine.backend.Buffer;
import dev.gallop.engine.backend.Uploader;
import dev.gallop.engine.backend.cuda.driver.CudaDriver;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

/// Host-to-device copies on a stream of their own, beside the compute stream: a copy waits for a mark of the compute
/// stream (a CUDA event) before it overwrites memory the computation still reads, and the computation waits for the
/// copy's event before it reads the new bytes. Sources in page-locked memory ([#hostMemory]) are copied by the DMA
/// engine while kernels run; other host memory is copied on the compute stream, in order, as
/// [CudaDevice#copyFromHost] does.
final class CudaUploader implements Uploader {
    private final CudaDevice device;
    private final CudaContext c;
    private final MemorySegment copies;

    CudaUploader(CudaDevice device) {
        this.device = device;
        this.c = device.context();
        this.copies = c.cu.streamCreate(CudaDriver.STREAM_NON_BLOCKING);
    }

    /// A recorded event, destroyed once (the driver frees it when reached).
    private static final class Event implements Mark {
        private final CudaDriver cu;
        private MemorySegment event;

        Event(CudaDriver cu, MemorySegment stream) {
            this.cu = cu;
            this.event = cu.eventCreate();
            cu.eventRecord(event, stream);
        }

        @Override public synchronized void close() {
            if (event != null) cu.eventDestroy(event);
            event = null;
        }
    }

    @Override public Mark computeMark() {
        c.enter();
        return new Event(c.cu, c.stream);
    }

    @Override public Mark upload(List<MemorySegment> sources, Buffer dst, long[] offsets, Mark after) {
        c.enter();
        if (!(dst instanceof CudaBuffer b) || b.device() != device) throw new IllegalArgumentException("buffer " + dst + " is not memory of " + device.id());
        if (after instanceof Event e && e.event != null) c.cu.streamWaitEvent(copies, e.event);
        for (int i = 0; i < sources.size(); i++) {
            MemorySegment src = sources.get(i);
            if (offsets[i] < 0 || offsets[i] + src.byteSize() > b.byteSize()) {
                throw new IllegalArgumentException("copy of " + src.byteSize() + " bytes at " + offsets[i] + " outside a buffer of " + b.byteSize());
            }
            if (src.isNative()) c.cu.copyHtoDAsync(b.ptr() + offsets[i], src, src.byteSize(), copies);
            else device.copyFromHost(src, dst, offsets[i]);
        }
        return new Event(c.cu, copies);
    }

    @Override public void computeWaits(Mark m) {
        c.enter();
        if (m instanceof Event e && e.event != null) c.cu.streamWaitEvent(c.stream, e.event);
    }

    /// Page-locked host memory, freed when unreachable.
    @Override public MemorySegment hostMemory(long bytes) {
        c.enter();
        MemorySegment pinned = c.cu.mallocHost(bytes);
        return pinned.reinterpret(bytes, Arena.ofAuto(), p -> {
            c.enter();
            c.cu.freeHost(p);
        });
    }

    @Override public void close() {
        c.enter();
        c.cu.streamSynchronize(copies);
        c.cu.streamDestroy(copies);
    }
}
