package dev.gallop.engine.backend.cuda.kernels;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/// Every [NativeKernel] the backend launches, collected from the declaration classes of each operation family
/// (their `static final NativeKernel` fields and `static final List<NativeKernel>` families of dtype variants).
public final class KernelTable {
    private static final List<Class<?>> DECLARATIONS = List.of(
            TransformerNatives.class, ElementwiseNatives.class, SamplerNatives.class, VolumeNatives.class, SequenceNatives.class);

    private KernelTable() {}

    /// All declared kernels by name; a name declared twice with different parameters is an error.
    public static Map<String, NativeKernel> all() {
        Map<String, NativeKernel> out = new TreeMap<>();
        for (Class<?> c : DECLARATIONS) {
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) continue;
                f.setAccessible(true);
                Object v;
                try {
                    v = f.get(null);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                List<NativeKernel> ks = new ArrayList<>();
                if (v instanceof NativeKernel k) ks.add(k);
                if (v instanceof Collection<?> col) for (Object o : col) if (o instanceof NativeKernel k) ks.add(k);
                if (v instanceof Map<?, ?> map) for (Object o : map.values()) if (o instanceof NativeKernel k) ks.add(k);
                for (NativeKernel k : ks) {
                    NativeKernel prev = out.putIfAbsent(k.name(), k);
                    if (prev != null && !prev.equals(k)) throw new IllegalStateException("kernel " + k.name() + " declared twice: " + prev + " and " + k);
                }
            }
        }
        return out;
    }
}
