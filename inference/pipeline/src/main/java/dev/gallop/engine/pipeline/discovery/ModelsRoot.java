package dev.gallop.engine.pipeline.discovery;

import dev.gallop.engine.models.magihuman.MagiHumanConfig;
import dev.gallop.engine.pipeline.ModelVariant;
import dev.gallop.engine.pipeline.SrStage;
import dev.gallop.engine.runtime.Precision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/// A [ModelManifest] from a models root in the ComfyUI category layout ([MagiHumanModels]): the chosen base DiT
/// (distill or base), the T5Gemma text encoder, Turbo-VAED, the Stable-Audio-Open autoencoder (audio decoder and
/// encoder), the Wan2.2 VAE (image encoder) and the super-resolution DiTs.
///
/// The components are checked by a [ModelScan] that does not accept changed files: the base DiT and the text encoder
/// must be FOUND, else opening fails with the scan's words (component, file, what is wrong, where it goes); any other
/// component that is not FOUND is left out and its reason kept in [ModelManifest#unavailable] for requests that need it.
///
/// The released DiT folders hold no `config.json`: the 15B hyper-parameters are used ([MagiHumanConfig#real15B()],
/// [MagiHumanConfig#real15B1080pSr()] for the 1080p SR model). A `config.json` in a DiT folder (smaller test or demo
/// models) overrides that. Runs are f32 with weights memory-mapped as stored; the base variant samples with UniPC and
/// guidance against the reference negative prompt.
public final class ModelsRoot {
    private ModelsRoot() {}

    /// The top-level folder names of the layout (`diffusion_models`, `text_encoders`, `vae`, ...).
    public static Set<String> categoryFolders() {
        Set<String> out = new LinkedHashSet<>();
        for (Component c : MagiHumanModels.all()) for (String p : c.places()) out.add(p.substring(0, p.indexOf('/')));
        return out;
    }

    /// Whether `dir` has any of the layout's category folders.
    public static boolean looksLike(Path dir) {
        for (String c : categoryFolders()) if (Files.isDirectory(dir.resolve(c))) return true;
        return false;
    }

    public static ModelManifest manifest(Path root, ModelVariant variant) throws IOException {
        List<Component> wanted = new ArrayList<>();
        for (Component c : MagiHumanModels.all()) {
            boolean otherVariant = c.id().startsWith("dit-") && !c.id().equals(variant.componentId())
                    && !c.id().equals(SrStage.Model.P540.componentId()) && !c.id().equals(SrStage.Model.P1080.componentId());
            if (!otherVariant) wanted.add(c);
        }
        ModelScan.Result scan = ModelScan.scan(root, wanted, false);
        Path abs = scan.root();
        ComponentReport dit = scan.get(variant.componentId()), text = scan.get("text-encoder");
        for (ComponentReport r : List.of(dit, text)) if (r.status() != ComponentStatus.FOUND) throw new IOException(problem(abs, r));

        Map<String, ComponentSpec> comps = new LinkedHashMap<>();
        Map<String, String> unavailable = new LinkedHashMap<>();
        comps.put(ModelManifest.TEXT_ENCODER, new ComponentSpec("t5gemma", text.path()));
        usable(abs, scan.get("turbo-vaed"), "turbo-vaed", List.of(ModelManifest.VIDEO_DECODER), comps, unavailable);
        usable(abs, scan.get("audio-vae"), "oobleck", List.of(ModelManifest.AUDIO_DECODER, ModelManifest.AUDIO_ENCODER), comps, unavailable);
        usable(abs, scan.get("wan-vae"), "wan-vae", List.of(ModelManifest.IMAGE_ENCODER), comps, unavailable);

        Map<SrStage.Model, ModelManifest.DitSpec> sr = new LinkedHashMap<>();
        for (SrStage.Model m : SrStage.Model.values()) {
            ComponentReport r = scan.get(m.componentId());
            if (r.status() == ComponentStatus.FOUND) {
                MagiHumanConfig real = m == SrStage.Model.P1080 ? MagiHumanConfig.real15B1080pSr()
                        : MagiHumanConfig.real15B().withTextCoords(MagiHumanConfig.TextCoords.V1);
                sr.put(m, new ModelManifest.DitSpec(r.path(), config(r.path(), real)));
            } else {
                unavailable.put(m.label(), problem(abs, r));
            }
        }
        boolean base = variant == ModelVariant.BASE;
        return new ModelManifest("magihuman-" + variant.label(), abs, dit.path(), config(dit.path(), MagiHumanConfig.real15B()), comps, sr,
                unavailable, base ? ModelManifest.Sampler.UNIPC : ModelManifest.Sampler.DISTILL, base ? 32 : 8, 5.0, 16,
                Precision.F32, base ? NegativePrompt.reference() : "", java.util.Optional.empty());
    }

    /// A DiT folder's `config.json` when present, else `real`.
    private static MagiHumanConfig config(Path dir, MagiHumanConfig real) throws IOException {
        Path cfg = dir.resolve("config.json");
        return Files.isRegularFile(cfg) ? MagiHumanConfig.fromJson(cfg) : real;
    }

    private static void usable(Path root, ComponentReport r, String kind, List<String> roles, Map<String, ComponentSpec> comps,
                               Map<String, String> unavailable) {
        for (String role : roles) {
            if (r.status() == ComponentStatus.FOUND) comps.put(role, new ComponentSpec(kind, r.path()));
            else unavailable.put(role, problem(root, r));
        }
    }

    /// The scan's finding for a component that is not FOUND, in one message: which component, what is wrong with
    /// which file, and where it belongs.
    static String problem(Path root, ComponentReport r) {
        String what = r.title() + " (" + r.id() + ", needed for " + r.neededFor() + ")";
        return switch (r.status()) {
            case MISSING -> "models root " + root + ": the " + what + " is missing: put it at " + root.resolve(r.expectedPlace())
                    + " (from " + r.source() + ")";
            case INCOMPLETE -> "models root " + root + ": the " + what + " at " + r.path() + " is not usable: "
                    + String.join("; ", r.problems()) + " (it belongs at " + r.expectedPlace() + ", from " + r.source() + ")";
            case CHANGED -> "models root " + root + ": the " + what + " at " + r.path() + " does not match its fingerprint: "
                    + String.join("; ", r.notes().stream().filter(n -> n.startsWith("changed")).toList())
                    + "; if you replaced it on purpose, run `gallop models --root " + root + "` to accept the new file";
            case FOUND -> "models root " + root + ": the " + what + " is available";
        };
    }
}
