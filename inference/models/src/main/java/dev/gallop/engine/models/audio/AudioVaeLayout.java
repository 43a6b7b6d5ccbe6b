package dev.gallop.engine.models.audio;

import dev.gallop.engine.nn.Weights;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/// Where a checkpoint keeps the Stable-Audio-Open autoencoder (spec §5.3): SAO's `model.safetensors` holds it under
/// `pretransform.model.` beside the audio DiT and conditioners; SAO's `model.ckpt` under `state_dict.pretransform.model.`
/// (its `state_dict` entry, flattened by the pickle reader); an autoencoder saved on its own has `encoder.*` and
/// `decoder.*` at the top level. The autoencoder's own names start at `decoder.layers.0.` / `encoder.layers.0.`.
///
/// @param prefix `pretransform.model.`, `state_dict.pretransform.model.` or ""
public record AudioVaeLayout(String prefix) {
    static final List<String> PREFIXES = List.of("pretransform.model.", "state_dict.pretransform.model.", "");
    private static final List<String> PROBES = List.of("decoder.layers.0.weight_v", "encoder.layers.0.weight_v");

    /// The first layout whose decoder or encoder key `contains` accepts (keys as the checkpoint reader lists them).
    public static Optional<AudioVaeLayout> find(Predicate<String> contains) {
        for (String p : PREFIXES) {
            for (String probe : PROBES) if (contains.test(p + probe)) return Optional.of(new AudioVaeLayout(p));
        }
        return Optional.empty();
    }

    /// The layout of the checkpoint behind `w`, relative to `w`'s scope; the error names every place looked at.
    public static AudioVaeLayout detect(Weights w) {
        Optional<AudioVaeLayout> found = find(w::has);
        if (found.isPresent()) return found.get();
        List<String> tried = PREFIXES.stream().map(p -> "'" + w.key(p + PROBES.getFirst()) + "'").toList();
        List<String> some = w.checkpoint().keys().stream().filter(k -> k.startsWith(w.prefix())).limit(5).toList();
        throw new IllegalArgumentException("no Oobleck autoencoder in " + w.checkpoint().path() + ": none of "
                + String.join(", ", tried) + " (or the encoder's) exists (first keys: " + some + ")");
    }

    /// `w` scoped at the autoencoder (what [OobleckDecoder] and [OobleckEncoder] take).
    public Weights scope(Weights w) { return prefix.isEmpty() ? w : w.at(prefix.substring(0, prefix.length() - 1)); }

    /// What was found, for logs and the models report: e.g. "Stable-Audio-Open checkpoint, keys 'pretransform.model.*'".
    public String describe() {
        return switch (prefix) {
            case "pretransform.model." -> "Stable-Audio-Open checkpoint, keys 'pretransform.model.*'";
            case "state_dict.pretransform.model." -> "Stable-Audio-Open training checkpoint, keys 'state_dict.pretransform.model.*'";
            default -> "autoencoder on its own, keys 'encoder.*' / 'decoder.*'";
        };
    }
}
