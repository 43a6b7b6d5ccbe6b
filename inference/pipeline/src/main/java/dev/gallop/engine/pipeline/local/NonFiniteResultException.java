package dev.gallop.engine.pipeline.local;

/// A generation whose numbers went NaN or infinite: it fails instead of passing garbage off as a clip.
public final class NonFiniteResultException extends IllegalStateException {
    NonFiniteResultException(String message) { super(message); }
}
