package dev.gallop.engine.models.demo;

/// The scene decoder's package-private steps, for the parity tests of another package.
public final class DemoDecoderAccess {
    private DemoDecoderAccess() {}

    /// The raw scene [T, C] the decoder reads from a standardised latent [C, T, cells].
    public static float[] scenes(DemoSceneDecoder d, float[] latent, int frames, int cells) { return d.scenes(latent, frames, cells); }
}
