package dev.gallop.app.prompt;

import java.util.random.RandomGenerator;

/// What happens to the seed after a job is queued (ComfyUI's "control after generate"): keep it, add one, or draw
/// a new random seed. The seed shown is always the one the next job will use.
public enum SeedControl {
    FIXED("Fixed"),
    INCREMENT("Increment"),
    RANDOM("Random");

    private final String label;

    SeedControl(String label) { this.label = label; }

    /// The seed after one job used `seed`. Random seeds stay below 2^48 so they are easy to read and type.
    public long next(long seed, RandomGenerator random) {
        return switch (this) {
            case FIXED -> seed;
            case INCREMENT -> seed == Long.MAX_VALUE ? 0 : seed + 1;
            case RANDOM -> random.nextLong(1L << 48);
        };
    }

    @Override public String toString() { return label; }
}
