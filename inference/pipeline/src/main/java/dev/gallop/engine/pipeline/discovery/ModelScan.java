package dev.gallop.engine.pipeline.discovery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/// Scans a models root for the MagiHuman components: FOUND, MISSING, INCOMPLETE (with reasons) or CHANGED (content
/// differs from the fingerprint the previous scan remembered in `.gallop-fingerprints.json`). A scan never fails
/// for a broken component — only for a root that is not a readable folder.
public final class ModelScan {
    private ModelScan() {}

    /// The result: the root, one report per component, and a note when the fingerprint cache could not be saved.
    public record Result(Path root, List<ComponentReport> components, String cacheNote) {
        public ComponentReport get(String id) {
            return components.stream().filter(c -> c.id().equals(id)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no component '" + id + "'"));
        }
    }

    public static Result scan(Path root) throws IOException { return scan(root, MagiHumanModels.all()); }

    public static Result scan(Path root, List<Component> components) throws IOException { return scan(root, components, true); }

    /// Scans `components`; with `acceptChanges` false (a generation checking its inputs) a CHANGED file stays CHANGED
    /// for later scans too, until a scan that accepts changes (`gallop models`) records its new fingerprint.
    public static Result scan(Path root, List<Component> components, boolean acceptChanges) throws IOException {
        if (!Files.exists(root)) throw new NoSuchFileException(root.toString(), null, "models root does not exist");
        if (!Files.isDirectory(root)) throw new NotDirectoryException(root + ": models root is not a folder");
        Path abs = root.toAbsolutePath().normalize();
        Fingerprints prints = Fingerprints.load(abs);
        List<ComponentReport> out = new ArrayList<>();
        for (Component c : components) out.add(scanOne(abs, c, prints));
        String cacheNote = null;
        try {
            prints.save(acceptChanges);
        } catch (IOException | RuntimeException e) {
            cacheNote = "fingerprints not saved (" + e.getMessage() + "); changes cannot be detected next time";
        }
        return new Result(abs, List.copyOf(out), cacheNote);
    }

    private static ComponentReport scanOne(Path root, Component c, Fingerprints prints) {
        Path located = null;
        for (String place : c.places()) {
            Path p = root.resolve(place);
            if (c.file() ? Files.isRegularFile(p) : Files.isDirectory(p)) {
                located = p;
                break;
            }
        }
        if (located == null) {
            List<String> where = new ArrayList<>();
            where.add("not found; put it at " + root.resolve(c.canonicalPlace()) + " (from " + c.source() + ")");
            return report(c, ComponentStatus.MISSING, null, where, List.of(), List.of());
        }
        Findings f = new Findings();
        try {
            c.probe().probe(located, f);
        } catch (IOException | RuntimeException e) {
            f.problem("cannot inspect " + located + ": " + e.getMessage());
        }
        ComponentStatus status = f.problems.isEmpty() ? ComponentStatus.FOUND : ComponentStatus.INCOMPLETE;
        for (Path file : f.files) {
            try {
                Fingerprints.Entry old = prints.check(file);
                if (old != null) {
                    f.note("changed since the last scan: " + root.relativize(file) + " (was " + old.size() + " bytes, xxh3 " + old.xxh3() + ")");
                    if (status == ComponentStatus.FOUND) status = ComponentStatus.CHANGED;
                }
            } catch (IOException | RuntimeException e) {
                f.note("cannot fingerprint " + file + ": " + e.getMessage());
            }
        }
        return report(c, status, located, f.problems, f.notes, f.files);
    }

    private static ComponentReport report(Component c, ComponentStatus s, Path at, List<String> problems,
                                          List<String> notes, List<Path> files) {
        return new ComponentReport(c.id(), c.title(), c.neededFor(), s, at, c.canonicalPlace(), c.source(),
                List.copyOf(problems), List.copyOf(notes), List.copyOf(files));
    }
}
