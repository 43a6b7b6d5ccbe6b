package dev.gallop.engine.backend.cuda.ffm;

/// A native library (or a symbol it should export) could not be found; the message names what was looked for,
/// where, and how to point Gallop at it.
public final class MissingLibraryException extends Exception {
    public MissingLibraryException(String message) { super(message); }
}
