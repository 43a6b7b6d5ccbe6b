package dev.gallop.engine.cli;

import dev.gallop.engine.demo.DemoModel;
import dev.gallop.engine.io.safetensors.SafetensorsFile;
import dev.gallop.engine.io.safetensors.SafetensorsWriter;
import dev.gallop.engine.io.safetensors.TensorInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/// A copy of the shipped demo model to break on purpose.
final class DemoCopy {
    private DemoCopy() {}

    static Path of(Path into) throws IOException {
        Path demo = DemoModel.folder().orElseThrow(() -> new IllegalStateException("the demo model (assets/models/demo) was not found"));
        try (Stream<Path> s = Files.walk(demo)) {
            for (Path p : s.toList()) {
                Path to = into.resolve(demo.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(to); else Files.copy(p, to);
            }
        }
        return into;
    }

    /// Rewrites the safetensors `file`, passing each tensor's values through `change` (name, values → values).
    static void rewrite(Path file, BiFunction<String, float[], float[]> change) throws IOException {
        SafetensorsWriter w = new SafetensorsWriter();
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            f.metadata().forEach(w::metadata);
            for (TensorInfo t : f.tensors().values()) w.add(t.name(), change.apply(t.name(), f.floats(t.name())), t.shape(), t.dtype());
        }
        w.write(file);
    }
}
