package dev.gallop.app.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gallop.app.memory.Budgets;
import dev.gallop.app.project.AtomicFiles;
import dev.gallop.engine.backend.MemoryBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/// The studio's own settings, for every project: the models folder chosen in the model manager, the keymap preset and
/// the GPU memory budget (`"auto"` or a size such as `"24G"`). Kept as JSON in `$XDG_CONFIG_HOME/gallop/settings.json` (`~/.config/gallop/settings.json`), or the file
/// `-Dgallop.settings` names. A file that cannot be read is reported and left alone; the defaults apply meanwhile. A
/// budget that is not a size is reported naming it and automatic applies; choosing a budget writes over it.
public final class AppSettings {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUDGET = "gpu_memory_budget";
    private final Path file;
    private Path modelsRoot;
    private String keymap;
    private MemoryBudget memoryBudget = MemoryBudget.UNLIMITED;
    private String problem = "";
    private boolean unreadable;

    private AppSettings(Path file) { this.file = file; }

    /// The settings file of this user (or `-Dgallop.settings`).
    public static Path defaultFile() {
        String p = System.getProperty("gallop.settings");
        if (p != null && !p.isBlank()) return Path.of(p);
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("gallop").resolve("settings.json");
    }

    /// Reads `file` (absent: all defaults).
    public static AppSettings load(Path file) {
        AppSettings s = new AppSettings(file);
        if (!Files.exists(file)) return s;
        try {
            JsonNode n = JSON.readTree(file.toFile());
            if (n == null || !n.isObject()) throw new IOException("not a JSON object");
            if (n.hasNonNull("models_root")) s.modelsRoot = Path.of(n.get("models_root").asText());
            if (n.hasNonNull("keymap")) s.keymap = n.get("keymap").asText();
            if (n.hasNonNull(BUDGET)) {
                try {
                    s.memoryBudget = Budgets.parse(n.get(BUDGET).asText());
                } catch (IllegalArgumentException e) {
                    s.problem = "Settings file " + file + ": the GPU memory budget is not used (" + e.getMessage() + "); automatic applies until another is chosen";
                }
            }
        } catch (IOException | RuntimeException e) {
            s.unreadable = true;
            s.problem = "Settings file " + file + " cannot be read (" + e.getMessage() + "); the defaults apply until it is fixed or removed";
        }
        return s;
    }

    /// Settings kept only in memory (tests, or a settings file that cannot be written).
    public static AppSettings inMemory() { return new AppSettings(null); }

    public Path file() { return file; }

    /// Why the file could not be read; empty when it was fine.
    public String problem() { return problem; }

    public Optional<Path> modelsRoot() { return Optional.ofNullable(modelsRoot); }

    public Optional<String> keymap() { return Optional.ofNullable(keymap); }

    /// How much GPU memory generations may hold ([MemoryBudget#UNLIMITED]: all the device has free).
    public MemoryBudget memoryBudget() { return memoryBudget; }

    public void setMemoryBudget(MemoryBudget b) throws IOException {
        memoryBudget = java.util.Objects.requireNonNull(b);
        save();
    }

    public void setModelsRoot(Path p) throws IOException {
        modelsRoot = p;
        save();
    }

    public void setKeymap(String k) throws IOException {
        keymap = k;
        save();
    }

    private void save() throws IOException {
        if (file == null || unreadable) return;    // never write over a file we could not read
        ObjectNode n = JSON.createObjectNode().put("format", "gallop-settings").put("version", 1);
        if (modelsRoot != null) n.put("models_root", modelsRoot.toString());
        if (keymap != null) n.put("keymap", keymap);
        if (!memoryBudget.isUnlimited()) n.put(BUDGET, Budgets.text(memoryBudget));
        AtomicFiles.write(file, n.toPrettyString(), false);
    }
}
