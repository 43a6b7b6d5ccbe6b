package dev.gallop.engine.pipeline;

import java.util.Locale;

/// A super-resolution stage after the base stage (docs/models/magihuman.md#super-resolution): which SR model runs and
/// the pixel size it produces.
/// The base stage keeps the request's size; the SR stage upsamples its latent to `size`.
///
/// @param model the 540p or the 1080p SR DiT
/// @param size  the output pixel size (multiples of 32, at least the base size on both sides)
public record SrStage(Model model, VideoSize size) {
    public enum Model {
        P540("540p", "dit-540p-sr", VideoSize.Preset.P540),
        P1080("1080p", "dit-1080p-sr", VideoSize.Preset.P1080);

        private final String label, componentId;
        private final VideoSize.Preset preset;

        Model(String label, String componentId, VideoSize.Preset preset) {
            this.label = label;
            this.componentId = componentId;
            this.preset = preset;
        }

        /// "540p" or "1080p".
        public String label() { return label; }

        /// The models-catalog component holding this SR DiT.
        public String componentId() { return componentId; }

        /// The reference output size for this model in the aspect of `base` (896×512, 1920×1088, or portrait).
        public VideoSize defaultSize(VideoSize base) {
            return VideoSize.of(preset, base.height() > base.width() ? VideoSize.Aspect.PORTRAIT_9_16 : VideoSize.Aspect.LANDSCAPE_16_9);
        }

        public static Model parse(String s) {
            for (Model m : values()) if (m.label.equals(s.trim().toLowerCase(Locale.ROOT))) return m;
            throw new IllegalArgumentException("super-resolution must be 540p or 1080p, got '" + s + "'");
        }
    }

    public SrStage {
        if (model == null || size == null) throw new IllegalArgumentException("a super-resolution stage needs a model and a size");
    }

    /// The stage at the model's reference size for a base of `base`.
    public static SrStage of(Model model, VideoSize base) { return new SrStage(model, model.defaultSize(base)); }
}
