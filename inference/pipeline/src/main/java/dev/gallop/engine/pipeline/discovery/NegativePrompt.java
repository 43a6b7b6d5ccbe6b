package dev.gallop.engine.pipeline.discovery;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/// The fixed negative prompt the reference base model is guided against (video, audio and speech defects;
/// docs/models/magihuman.md#guidance), encoded once per loaded text encoder. The text is the reference pipeline's
/// input data (daVinci-MagiHuman, Apache-2.0, `MagiEvaluator.__init__` @209209b) and ships as the resource
/// `magihuman-negative-prompt.txt`, one line.
public final class NegativePrompt {
    private static final String RESOURCE = "magihuman-negative-prompt.txt";
    private static volatile String cached;

    private NegativePrompt() {}

    /// The reference negative prompt.
    public static String reference() {
        String s = cached;
        if (s != null) return s;
        try (InputStream in = NegativePrompt.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("resource " + RESOURCE + " is missing from the engine jar");
            s = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + RESOURCE + ": " + e.getMessage(), e);
        }
        cached = s;
        return s;
    }
}
