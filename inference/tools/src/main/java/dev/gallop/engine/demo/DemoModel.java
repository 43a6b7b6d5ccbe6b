package dev.gallop.engine.demo;

import dev.gallop.engine.pipeline.discovery.ModelManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/// Where the shipped demo model lives: `assets/models/demo` of the Gallop checkout or installation. The default
/// model of the CLI and the studio.
public final class DemoModel {
    /// The folder inside the installation.
    public static final Path RELATIVE = Path.of("assets", "models", "demo");
    /// A system property that overrides the search with an explicit folder.
    public static final String PROPERTY = "gallop.demo.model";

    private DemoModel() {}

    /// The demo model folder: the `gallop.demo.model` property if set, else the first `assets/models/demo` with a
    /// model.json found walking up from the engine's code location or from the working directory.
    public static Optional<Path> folder() {
        String p = System.getProperty(PROPERTY);
        if (p != null && !p.isBlank()) return Optional.of(Path.of(p));
        List<Path> starts = new ArrayList<>();
        try {
            var src = DemoModel.class.getProtectionDomain().getCodeSource();
            if (src != null) starts.add(Path.of(src.getLocation().toURI()).toAbsolutePath());
        } catch (Exception e) {
            // no code location (unusual class loader): the working directory still counts
        }
        starts.add(Path.of("").toAbsolutePath());
        for (Path start : starts) {
            for (Path d = start; d != null; d = d.getParent()) {
                Path candidate = d.resolve(RELATIVE);
                if (Files.isRegularFile(candidate.resolve(ModelManifest.FILE))) return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
