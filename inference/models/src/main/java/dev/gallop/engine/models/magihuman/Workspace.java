package dev.gallop.engine.models.magihuman;

import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import java.util.HashMap;
import java.util.Map;

/// Named F32 scratch tensors reused across the layers of a forward, so a 40-layer pass allocates each activation
/// buffer once. A request for a larger size than held reallocates that slot.
final class Workspace {
    private final Device device;
    private final Map<String, Tensor> slots = new HashMap<>();

    Workspace(Device device) { this.device = device; }

    Tensor get(String name, int... dims) {
        Shape shape = Shape.of(dims);
        Tensor t = slots.get(name);
        if (t == null || t.numel() < shape.numel()) {
            t = device.empty(DType.F32, Shape.of(shape.numel()));
            slots.put(name, t);
        }
        return t.rows(0, (int) shape.numel()).reshape(dims);
    }
}
