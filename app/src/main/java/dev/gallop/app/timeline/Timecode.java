package dev.gallop.app.timeline;

/// Frames ↔ HH:MM:SS:FF timecode at a frame rate.
public final class Timecode {
    private Timecode() {}

    public static String format(int frame, int fps) {
        int ff = frame % fps, s = frame / fps;
        return String.format("%02d:%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60, ff);
    }
}
