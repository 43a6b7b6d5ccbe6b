package dev.gallop.app.timeline;

/// A marker on the edit: a timeline frame and a name ("Marker 3", or what the user calls it).
public record Marker(int frame, String name) {
    public Marker {
        if (frame < 0) throw new IllegalArgumentException("marker at frame " + frame + " is before the start");
        name = name == null ? "" : name;
    }
}
