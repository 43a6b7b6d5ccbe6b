package dev.gallop.engine.pipeline.discovery;

import java.nio.file.Path;
import java.util.List;

/// The scan result for one component. `path` is where it was found (null when MISSING); `expectedPlace` is where it
/// belongs, relative to the models root; `problems` say what is missing or wrong (empty unless INCOMPLETE);
/// `notes` add detail (shard counts, zstd shards, which file changed).
public record ComponentReport(String id, String title, String neededFor, ComponentStatus status, Path path,
                              String expectedPlace, String source, List<String> problems, List<String> notes,
                              List<Path> files) {}
