package dev.gallop.engine.nn;

import dev.gallop.engine.backend.Buffer;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/// GEMM weights that stay in host memory and are copied to the device just before they are used, so that a model
/// larger than the device's memory budget still runs there. The weights are grouped in units (a DiT layer each); the
/// device holds two slots of [#slotBytes()], unit `u` is placed in slot `u mod 2`, and its tensors are views of that
/// slot made once, at load ([Weights#streaming]). [#upload] copies a unit's bytes into its slot; consecutive units use
/// different slots, so the next unit's copy never overwrites the weights the current one computes with.
///
/// The copies are queued on the device's stream in order with its kernels: on a GPU the host waits for nothing, and
/// on the CPU they are plain copies. The host bytes are the checkpoint's mapped data where its format is already the
/// device's, else the converted (e.g. fp8-quantized) copy made at load.
public final class WeightStream {
    /// Slot offsets are aligned to this many bytes (every dtype's size divides it; GEMM libraries want 16 or more).
    static final long ALIGN = 256;

    private record Piece(MemorySegment host, long offset) {}

    private final Device device;
    private final long slotBytes;
    private final Buffer[] slots = new Buffer[2];
    private final Map<Integer, List<Piece>> units = new HashMap<>();
    private final Map<Integer, Long> used = new HashMap<>();
    private long hostBytes, uploadedBytes, uploads;

    /// Allocates the two slots on `device`.
    public WeightStream(Device device, long slotBytes) {
        if (slotBytes <= 0) throw new IllegalArgumentException("a weight stream's slot must hold some bytes, got " + slotBytes);
        this.device = device;
        this.slotBytes = slotBytes;
        for (int i = 0; i < 2; i++) slots[i] = device.allocate(slotBytes);
    }

    /// The bytes `pieces` take in a slot, aligned as they are placed.
    public static long slotBytesFor(long... pieces) {
        long sum = 0;
        for (long p : pieces) sum = align(sum) + p;
        return sum;
    }

    static long align(long v) { return (v + ALIGN - 1) / ALIGN * ALIGN; }

    /// Registers `host` as the next piece of `unit` and returns its view in the unit's slot (its contents valid after
    /// [#upload] of the unit).
    synchronized Tensor place(int unit, MemorySegment host, DType dtype, Shape shape, float[] scales) {
        long offset = align(used.getOrDefault(unit, 0L)), bytes = host.byteSize();
        if (bytes != shape.numel() * dtype.bytes()) {
            throw new IllegalArgumentException("streamed weight of " + bytes + " bytes is not " + dtype + shape);
        }
        if (offset + bytes > slotBytes) {
            throw new IllegalStateException("streamed unit " + unit + " needs more than its slot's " + slotBytes + " bytes (" + (offset + bytes) + ")");
        }
        units.computeIfAbsent(unit, u -> new ArrayList<>()).add(new Piece(host, offset));
        used.put(unit, offset + bytes);
        hostBytes += bytes;
        Buffer slot = slots[unit & 1];
        long element = offset / dtype.bytes();
        return scales == null ? Tensor.of(slot, element, dtype, shape) : Tensor.quantized(slot, element, shape, scales);
    }

    /// Whether `unit` is streamed (else its weights are resident).
    public synchronized boolean streams(int unit) { return units.containsKey(unit); }

    /// Copies `unit`'s weights into its slot, queued before whatever runs next on the device.
    public synchronized void upload(int unit) {
        List<Piece> pieces = units.get(unit);
        if (pieces == null) throw new IllegalArgumentException("unit " + unit + " is not streamed");
        for (Piece p : pieces) {
            device.copyFromHost(p.host(), slots[unit & 1], p.offset());
            uploadedBytes += p.host().byteSize();
        }
        uploads++;
    }

    public long slotBytes() { return slotBytes; }

    /// Units streamed.
    public synchronized int units() { return units.size(); }

    /// Bytes held in host memory for the streamed units (what the device does not hold).
    public synchronized long hostBytes() { return hostBytes; }

    /// Bytes copied to the device so far, and in how many uploads.
    public synchronized long uploadedBytes() { return uploadedBytes; }

    public synchronized long uploads() { return uploads; }
}
