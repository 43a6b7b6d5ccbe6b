package dev.gallop.engine.pipeline.discovery;

/// What a scan found for one component.
public enum ComponentStatus {
    /// Present, complete, and unchanged since the last scan (or first seen now).
    FOUND,
    /// Nothing in any of the component's places.
    MISSING,
    /// Present but unusable: absent or truncated shards, a missing companion file, or the wrong model in the slot.
    INCOMPLETE,
    /// Present and complete, but a file's content differs from the fingerprint remembered by the previous scan.
    CHANGED
}
