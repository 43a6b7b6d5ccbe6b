package dev.gallop.engine.nn;

/// A checkpoint does not match what the model expects: a missing, mis-shaped, wrongly typed or unused weight.
/// The message names the checkpoint file, the full key, what was expected and what was found.
public class WeightLoadException extends IllegalArgumentException {
    public WeightLoadException(String message) { super(message); }
}
