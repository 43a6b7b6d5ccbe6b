package dev.gallop.engine.models.vae;

import dev.gallop.engine.nn.Weights;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/// Where a Turbo-VAED checkpoint keeps the decoder's tensors (spec §5.2): upstream's `.ckpt` holds them in its
/// `ema_state_dict` (flattened by the pickle reader to `ema_state_dict.*`), with a leading `module.` (from the
/// training wrapper) and/or `decoder.` (the whole VAE's state dict) that upstream's loader strips or adds; a
/// `.safetensors` conversion may keep or drop any of these. The decoder's own names start at `conv_in.conv.weight`.
/// Training-only tensors (`aligned_feature_projection*`) are skipped wherever they are.
///
/// @param root   `ema_state_dict.` or "" (a plain state dict)
/// @param prefix `module.decoder.`, `decoder.`, `module.` or ""
public record TurboVaedLayout(String root, String prefix) {
    static final List<String> ROOTS = List.of("ema_state_dict.", "");
    static final List<String> PREFIXES = List.of("module.decoder.", "decoder.", "module.", "");
    private static final String PROBE = "conv_in.conv.weight";
    private static final String TRAINING_ONLY = "aligned_feature_projection";

    /// The first layout whose decoder key `contains` accepts (keys as the checkpoint reader lists them).
    public static Optional<TurboVaedLayout> find(Predicate<String> contains) {
        for (String r : ROOTS) {
            for (String p : PREFIXES) if (contains.test(r + p + PROBE)) return Optional.of(new TurboVaedLayout(r, p));
        }
        return Optional.empty();
    }

    /// The layout of the checkpoint behind `w`, relative to `w`'s scope; the error names every place looked at.
    public static TurboVaedLayout detect(Weights w) {
        Optional<TurboVaedLayout> found = find(w::has);
        if (found.isPresent()) return found.get();
        StringBuilder tried = new StringBuilder();
        for (String r : ROOTS) for (String p : PREFIXES) tried.append(tried.isEmpty() ? "" : ", ").append('\'').append(w.key(r + p + PROBE)).append('\'');
        List<String> some = w.checkpoint().keys().stream().filter(k -> k.startsWith(w.prefix())).limit(5).toList();
        throw new IllegalArgumentException("no Turbo-VAED decoder in " + w.checkpoint().path() + ": none of " + tried
                + " exists (first keys: " + some + ")");
    }

    /// `w` scoped at the decoder, after marking the training-only projection tensors as read.
    public Weights scope(Weights w) {
        for (String key : w.checkpoint().keys()) {
            if (!key.startsWith(w.prefix())) continue;
            int at = key.indexOf(TRAINING_ONLY);
            if (at >= 0) {
                int dot = key.indexOf('.', at);
                String scope = (dot < 0 ? key : key.substring(0, dot)).substring(w.prefix().length());
                w.at(scope).skipAll();
            }
        }
        String s = root + prefix;
        return s.isEmpty() ? w : w.at(s.substring(0, s.length() - 1));
    }

    /// What was found, for logs and the models report: e.g. "EMA state dict, keys 'module.decoder.*'".
    public String describe() {
        return (root.isEmpty() ? "plain state dict" : "EMA state dict ('" + root.substring(0, root.length() - 1) + "')")
                + (prefix.isEmpty() ? ", decoder keys at the top level ('conv_in.*')" : ", keys '" + prefix + "*'");
    }
}
