package dev.gallop.tests.parity;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/// Resolves golden folders from their system property. tests/pom.xml sets each property to the copy of the shared
/// set under tests/fixtures/ followed by the float64 reference set under tests/fixtures/f64/; `-Dgallop.goldens.X=DIR`
/// replaces the list with one folder, or several separated by `,` (or the platform's path separator). Without the
/// property (a test started outside Maven), the given defaults under `fixtures/` are used. A missing folder is an
/// error, never a skip.
public final class GoldenDirs {
    private static final Pattern SEPARATORS = Pattern.compile("[," + Pattern.quote(File.pathSeparator) + "]");

    private GoldenDirs() {}

    /// One golden folder, shown in test names by its last two path elements (`f64/turbo_vaed`).
    public record Dir(Path path) {
        public Path resolve(String file) { return path.resolve(file); }

        @Override public String toString() {
            Path p = path.toAbsolutePath().normalize();
            int n = p.getNameCount();
            return n >= 2 ? p.getName(n - 2) + "/" + p.getName(n - 1) : p.toString();
        }
    }

    /// Every folder the property names (or the defaults, relative to `fixtures/`), in order; each must exist.
    public static List<Dir> all(String property, String... defaults) {
        String v = System.getProperty(property);
        List<Path> paths = new ArrayList<>();
        if (v != null && !v.isBlank()) {
            for (String s : SEPARATORS.split(v)) if (!s.isBlank()) paths.add(Path.of(s.strip()));
        } else {
            for (String d : defaults) paths.add(Path.of("fixtures", d));
        }
        if (paths.isEmpty()) throw new IllegalStateException("-D" + property + " names no golden folder: '" + v + "'");
        List<Dir> out = new ArrayList<>();
        for (Path p : paths) {
            if (!Files.isDirectory(p)) {
                throw new IllegalStateException("golden folder " + p.toAbsolutePath() + " (from -D" + property + ") does not exist");
            }
            out.add(new Dir(p));
        }
        return List.copyOf(out);
    }

    /// The folders of each golden property, with the defaults tests/pom.xml also sets.
    public static List<Dir> dit() { return all("gallop.goldens.dit", "magihuman-dit-tiny", "f64/magihuman-dit"); }

    public static List<Dir> samplers() { return all("gallop.goldens.samplers", "magihuman-samplers"); }

    public static List<Dir> t5gemma() { return all("gallop.goldens.t5gemma", "t5gemma-encoder-tiny", "f64/t5gemma-encoder"); }

    public static List<Dir> turboVaed() { return all("gallop.goldens.turbovaed", "magihuman-decoders/turbo_vaed", "f64/turbo_vaed"); }

    public static List<Dir> wanVae() { return all("gallop.goldens.wanvae", "magihuman-decoders/wan_vae_encoder", "f64/wan_vae_encoder"); }

    public static List<Dir> oobleck() { return all("gallop.goldens.oobleck", "magihuman-decoders/oobleck", "f64/oobleck"); }

    public static List<Dir> srLatent() { return all("gallop.goldens.srlatent", "magihuman-decoders/sr_latent", "f64/sr_latent"); }

    /// The first folder the property names (for tests that assemble one model from several sets).
    public static Path first(String property, String... defaults) { return all(property, defaults).getFirst().path(); }

    /// The one folder the property names; a list is an error (for sets tied to one model, such as the demo's).
    public static Path resolve(String property, String fixtureName) {
        List<Dir> dirs = all(property, fixtureName);
        if (dirs.size() != 1) {
            throw new IllegalStateException("-D" + property + " must name one golden folder, got " + Arrays.toString(dirs.toArray()));
        }
        return dirs.getFirst().path();
    }
}
