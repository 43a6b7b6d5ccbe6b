package dev.gallop.engine.pipeline.discovery;

import java.util.List;

/// One model component and where it lives under the models root. `places` are paths relative to the root, in the
/// ComfyUI category layout; the first is where Gallop puts it, the others are accepted alternatives (legacy ComfyUI
/// folder names, other common spellings). `file` says whether the place is a file or a folder.
public record Component(String id, String title, String neededFor, String source, List<String> places, boolean file,
                        Findings.Probe probe) {
    public String canonicalPlace() { return places.getFirst(); }
}
