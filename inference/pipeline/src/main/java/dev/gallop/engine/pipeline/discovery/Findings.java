package dev.gallop.engine.pipeline.discovery;

import dev.gallop.engine.tensor.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/// What a [Probe] learns about a present component: problems (which make it INCOMPLETE), notes, and the files that
/// make it up (fingerprinted by the scan).
public final class Findings {
    final List<String> problems = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    final List<Path> files = new ArrayList<>();

    public void problem(String p) { problems.add(p); }

    public void note(String n) { notes.add(n); }

    public void file(Path f) { files.add(f); }

    /// Checks `expectations` against the tensor shapes of `source`; a miss means the wrong model is in the slot.
    void expect(Path source, Map<String, Shape> shapes, List<KeyExpectation> expectations) {
        for (KeyExpectation x : expectations) {
            String miss = x.check(shapes);
            if (miss != null) {
                List<String> sample = shapes.keySet().stream().sorted().limit(3).toList();
                problem("wrong file: " + source + " has " + miss + " — it does not look like this component (its "
                        + shapes.size() + " tensors include " + sample + ")");
                return;
            }
        }
    }

    /// A component's check: inspects what was found at `located` (a file or folder) and records findings.
    @FunctionalInterface
    public interface Probe {
        void probe(Path located, Findings f) throws java.io.IOException;
    }
}
