package dev.gallop.engine.pipeline;

import java.util.Locale;

/// Which base DiT of a models root a generation uses (docs/models/magihuman.md#samplers): the distilled model
/// (8 re-noising steps, one forward per step) or the base model (32 UniPC steps with guidance, two forwards per step).
/// A `model.json` folder has one DiT and takes no variant.
public enum ModelVariant {
    DISTILL("distill", "dit-distill"),
    BASE("base", "dit-base");

    private final String label, componentId;

    ModelVariant(String label, String componentId) {
        this.label = label;
        this.componentId = componentId;
    }

    /// "distill" or "base", as the CLI spells it.
    public String label() { return label; }

    /// The models-catalog component holding this DiT.
    public String componentId() { return componentId; }

    public static ModelVariant parse(String s) {
        for (ModelVariant v : values()) if (v.label.equals(s.trim().toLowerCase(Locale.ROOT))) return v;
        throw new IllegalArgumentException("variant must be distill or base, got '" + s + "'");
    }
}
