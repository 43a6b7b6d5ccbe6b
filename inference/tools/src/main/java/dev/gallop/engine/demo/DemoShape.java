package dev.gallop.engine.demo;

import java.util.Locale;

/// The demo shapes, in the order of the scene latent's shape channels; their outlines are
/// `dev.gallop.engine.models.demo.ShapeField`'s.
public enum DemoShape {
    CIRCLE, SQUARE, TRIANGLE;

    public String word() { return name().toLowerCase(Locale.ROOT); }

    /// The shape named by `word`, or null.
    public static DemoShape ofWord(String word) {
        for (DemoShape s : values()) if (s.word().equals(word)) return s;
        return null;
    }
}
