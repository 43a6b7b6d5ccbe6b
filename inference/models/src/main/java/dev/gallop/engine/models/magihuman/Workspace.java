package dev.gallop.engine.models.magihuman;

import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import java.util.HashMap;
import java.util.Map;

/// Named scratch tensors reused across the layers of a forward and across the forwards of a request, so a 40-layer
/// step allocates each activation buffer once and keeps the same device addresses (what a captured CUDA graph needs).
/// A request for a larger size than held reallocates that slot.
final class Workspace {
    private final Device device;
    private final Map<String, Tensor> slots = new HashMap<>();
    private long generation;

    Workspace(Device device) { this.device = device; }

    /// Counts reallocations: a recording made before the count changed may use buffers that are gone.
    long generation() { return generation; }

    Tensor get(String name, DType dtype, int... dims) {
        Shape shape = Shape.of(dims);
        String key = name + "/" + dtype;
        Tensor t = slots.get(key);
        if (t == null || t.numel() < shape.numel()) {
            t = device.empty(dtype, Shape.of(Math.toIntExact(Math.max(1, shape.numel()))));
            slots.put(key, t);
            generation++;
        }
        return t.rows(0, Math.toIntExact(shape.numel())).reshape(dims);
    }
}
