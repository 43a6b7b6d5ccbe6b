package dev.gallop.engine.pipeline.discovery;

import java.nio.file.Path;

/// One component of a model folder: its kind ("words", "t5gemma", "turbo-vaed", "oobleck", "wan-vae", ...) and
/// where its files are.
public record ComponentSpec(String kind, Path path) {}
