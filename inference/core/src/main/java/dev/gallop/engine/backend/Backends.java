package dev.gallop.engine.backend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/// The registry of backends: every [BackendProvider] on the class path, through ServiceLoader.
public final class Backends {
    private Backends() {}

    public static List<BackendProvider> providers() {
        List<BackendProvider> list = new ArrayList<>();
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) list.add(p);
        list.sort(Comparator.comparingInt(BackendProvider::priority).reversed());
        return list;
    }

    /// All devices of all providers, best first.
    public static List<Device> devices() {
        List<Device> out = new ArrayList<>();
        for (BackendProvider p : providers()) out.addAll(p.devices());
        return out;
    }

    /// Resolves "auto", "cpu", "cuda", "cuda:1" to a device, or fails naming what is available.
    public static Device device(String spec) {
        List<Device> all = devices();
        if (all.isEmpty()) throw new IllegalStateException("no compute backend found on the class path");
        if (spec == null || spec.isBlank() || spec.equals("auto")) return all.get(0);
        for (Device d : all) {
            if (d.id().equals(spec) || d.id().startsWith(spec + ":") ) return d;
        }
        List<String> ids = all.stream().map(Device::id).toList();
        throw new IllegalArgumentException("no device '" + spec + "' (available: " + String.join(", ", ids) + ")");
    }
}
