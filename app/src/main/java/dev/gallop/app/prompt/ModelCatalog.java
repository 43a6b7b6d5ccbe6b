package dev.gallop.app.prompt;

import dev.gallop.engine.pipeline.discovery.ModelManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/// Finds the models the picker offers: the built-in demo model (`assets/models/demo` under the Gallop home) first
/// when it is there, then every Gallop model folder (a folder with `model.json`) up to two levels below the models
/// root, by name. Each comes with the pixel size its manifest declares, if any.
public final class ModelCatalog {
    public static final String DEMO = "assets/models/demo";

    private ModelCatalog() {}

    /// The Gallop home: `-Dgallop.home` (set by the launcher and the installer), else the working directory.
    public static Path home() { return Path.of(System.getProperty("gallop.home", ".")).toAbsolutePath().normalize(); }

    /// The models root: `$GALLOP_MODELS`, else `models/` under the home.
    public static Path modelsRoot() { return modelsRoot(java.util.Optional.empty()); }

    /// The models root: `$GALLOP_MODELS`, else the folder chosen in the studio's model manager, else `models/` under
    /// the home.
    public static Path modelsRoot(java.util.Optional<Path> chosen) {
        String env = System.getenv("GALLOP_MODELS");
        if (env != null && !env.isBlank()) return Path.of(env).toAbsolutePath().normalize();
        return chosen.orElse(home().resolve("models")).toAbsolutePath().normalize();
    }

    public static List<ModelChoice> find(Path home, Path modelsRoot) {
        List<ModelChoice> out = new ArrayList<>();
        Path demo = home.resolve(DEMO);
        if (Files.isRegularFile(demo.resolve(ModelManifest.FILE))) out.add(ModelChoice.read("Gallop demo", demo, true));
        if (Files.isDirectory(modelsRoot)) {
            try (Stream<Path> s = Files.walk(modelsRoot, 3)) {
                s.filter(p -> p.getFileName().toString().equals(ModelManifest.FILE) && Files.isRegularFile(p))
                 .map(Path::getParent)
                 .filter(p -> !p.equals(demo))
                 .sorted(Comparator.comparing(p -> modelsRoot.relativize(p).toString()))
                 .forEach(p -> out.add(ModelChoice.read(modelsRoot.relativize(p).toString(), p, false)));
            } catch (IOException | java.io.UncheckedIOException e) {
                // an unreadable corner of the models folder only hides the models in it; the model manager reports it
            }
        }
        return out;
    }
}
