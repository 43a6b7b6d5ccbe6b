package dev.gallop.engine.nn;

import dev.gallop.engine.backend.Buffer;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.backend.Uploader;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/// GEMM weights that stay in host memory and are copied to the device just before they are used, so that a model
/// larger than the device's memory budget still runs there. The weights are grouped in units (a DiT layer each),
/// registered in the order they run; the device holds two slots of [#slotBytes()] and the k-th unit lives in slot
/// k mod 2, its tensors views of that slot made once, at load ([Weights#streaming]).
///
/// A pass over the units goes [#begin], then [#acquire] and [#release] around each streamed unit's use. Acquiring a
/// unit makes the computation wait for its copy and starts the copy of the next unit into the other slot, which waits
/// only for the computation to release that slot: on a GPU the next layer's weights cross the bus while the current
/// layer computes ([Uploader]). The host side is page-locked memory where the device reads that faster (a copy made
/// at load), else the checkpoint's mapped data or the converted (e.g. fp8-quantized) copy made at load.
public final class WeightStream implements AutoCloseable {
    /// Slot offsets are aligned to this many bytes (every dtype's size divides it; GEMM libraries want 16 or more).
    static final long ALIGN = 256;

    private record Unit(int ordinal, List<MemorySegment> host, List<Long> offsets) {}

    private final long slotBytes;
    private final Buffer[] slots = new Buffer[2];
    private final Uploader uploader;
    private final Map<Integer, Unit> units = new HashMap<>();
    private final List<Integer> order = new ArrayList<>();
    private final Map<Integer, Uploader.Mark> ready = new HashMap<>();
    private final Uploader.Mark[] slotFree = new Uploader.Mark[2];
    private final Map<Integer, Long> used = new HashMap<>();
    private long hostBytes, uploadedBytes, uploads;

    /// Allocates the two slots on `device`.
    public WeightStream(Device device, long slotBytes) {
        if (slotBytes <= 0) throw new IllegalArgumentException("a weight stream's slot must hold some bytes, got " + slotBytes);
        this.slotBytes = slotBytes;
        for (int i = 0; i < 2; i++) slots[i] = device.allocate(slotBytes);
        this.uploader = device.uploader();
    }

    /// The bytes `pieces` take in a slot, aligned as they are placed.
    public static long slotBytesFor(long... pieces) {
        long sum = 0;
        for (long p : pieces) sum = align(sum) + p;
        return sum;
    }

    static long align(long v) { return (v + ALIGN - 1) / ALIGN * ALIGN; }

    /// Registers `host` as the next piece of `unit` and returns its view in the unit's slot (its contents valid once
    /// the unit is acquired). Units must be registered in the order they run.
    synchronized Tensor place(int unit, MemorySegment host, DType dtype, Shape shape, float[] scales) {
        long offset = align(used.getOrDefault(unit, 0L)), bytes = host.byteSize();
        if (bytes != shape.numel() * dtype.bytes()) {
            throw new IllegalArgumentException("streamed weight of " + bytes + " bytes is not " + dtype + shape);
        }
        if (offset + bytes > slotBytes) {
            throw new IllegalStateException("streamed unit " + unit + " needs more than its slot's " + slotBytes + " bytes (" + (offset + bytes) + ")");
        }
        Unit u = units.computeIfAbsent(unit, k -> {
            if (!order.isEmpty() && order.getLast() > k) throw new IllegalArgumentException("streamed unit " + k + " registered after unit " + order.getLast());
            order.add(k);
            return new Unit(order.size() - 1, new ArrayList<>(), new ArrayList<>());
        });
        MemorySegment fast = uploader.hostMemory(bytes);
        if (fast != null) MemorySegment.copy(host, 0, fast, 0, bytes);
        u.host().add(fast != null ? fast : host);
        u.offsets().add(offset);
        used.put(unit, offset + bytes);
        hostBytes += bytes;
        Buffer slot = slots[u.ordinal() & 1];
        long element = offset / dtype.bytes();
        return scales == null ? Tensor.of(slot, element, dtype, shape) : Tensor.quantized(slot, element, shape, scales);
    }

    /// Whether `unit` is streamed (else its weights are resident).
    public synchronized boolean streams(int unit) { return units.containsKey(unit); }

    /// Starts a pass: the first unit's copy begins.
    public synchronized void begin() {
        if (!order.isEmpty()) prefetch(order.getFirst());
    }

    /// The computation from now on sees `unit`'s weights in its slot; the next unit's copy starts.
    public synchronized void acquire(int unit) {
        Unit u = units.get(unit);
        if (u == null) throw new IllegalArgumentException("unit " + unit + " is not streamed");
        prefetch(unit);
        Uploader.Mark m = ready.remove(unit);
        uploader.computeWaits(m);
        m.close();
        if (u.ordinal() + 1 < order.size()) prefetch(order.get(u.ordinal() + 1));
    }

    /// The computation queued so far is the last use of `unit`'s slot until its next acquire.
    public synchronized void release(int unit) {
        int s = units.get(unit).ordinal() & 1;
        if (slotFree[s] != null) slotFree[s].close();
        slotFree[s] = uploader.computeMark();
    }

    private void prefetch(int unit) {
        if (ready.containsKey(unit)) return;
        Unit u = units.get(unit);
        long[] offsets = u.offsets().stream().mapToLong(Long::longValue).toArray();
        ready.put(unit, uploader.upload(u.host(), slots[u.ordinal() & 1], offsets, slotFree[u.ordinal() & 1]));
        for (MemorySegment h : u.host()) uploadedBytes += h.byteSize();
        uploads++;
    }

    public long slotBytes() { return slotBytes; }

    /// Units streamed.
    public synchronized int units() { return units.size(); }

    /// Bytes held in host memory for the streamed units (what the device does not hold).
    public synchronized long hostBytes() { return hostBytes; }

    /// Bytes copied to the device so far, and in how many unit uploads.
    public synchronized long uploadedBytes() { return uploadedBytes; }

    public synchronized long uploads() { return uploads; }

    @Override public synchronized void close() {
        ready.values().forEach(Uploader.Mark::close);
        ready.clear();
        for (int i = 0; i < 2; i++) if (slotFree[i] != null) slotFree[i].close();
        uploader.close();
    }
}
