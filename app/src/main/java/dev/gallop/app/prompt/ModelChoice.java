package dev.gallop.app.prompt;

import java.nio.file.Path;

/// A model the picker offers: a Gallop model folder (with `model.json`), and whether it is the built-in demo.
public record ModelChoice(String name, Path folder, boolean builtIn) {
    @Override public String toString() { return builtIn ? name + " (built-in demo)" : name; }
}
