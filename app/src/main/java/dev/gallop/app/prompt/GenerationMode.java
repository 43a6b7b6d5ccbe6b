package dev.gallop.app.prompt;

/// What conditions a generation besides the prompt: nothing, a start image, or an audio track.
public enum GenerationMode {
    TEXT_TO_VIDEO("Text → video"),
    IMAGE_TO_VIDEO("Image → video"),
    AUDIO_TO_VIDEO("Audio-conditioned");

    private final String label;

    GenerationMode(String label) { this.label = label; }

    public String label() { return label; }

    @Override public String toString() { return label; }
}
