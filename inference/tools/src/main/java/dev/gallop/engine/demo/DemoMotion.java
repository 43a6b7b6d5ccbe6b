package dev.gallop.engine.demo;

/// How the shape moves over the clip, with the phrase the prompt grammar uses for it. A circle never spins
/// (a spinning disc looks like a still one).
public enum DemoMotion {
    LEFT_TO_RIGHT("moving from left to right"),
    RIGHT_TO_LEFT("moving from right to left"),
    UP("moving up"),
    DOWN("moving down"),
    BOUNCING("bouncing"),
    GROWING("growing"),
    SPINNING("spinning");

    private final String phrase;

    DemoMotion(String phrase) { this.phrase = phrase; }

    public String phrase() { return phrase; }

    public boolean allows(DemoShape shape) { return !(this == SPINNING && shape == DemoShape.CIRCLE); }
}
