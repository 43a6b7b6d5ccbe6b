package dev.gallop.engine.io.pickle;

/// What interpreting one pickle may still cost. The unpickler charges every opcode, every item it copies into a
/// container and every dict key it hashes; the allowed total grows with the input, so a small file cannot ask for a
/// huge amount of work (one big list handed to many calls, a tuple whose children are shared along every path).
interface PickleBudget {
    /// Spends `units` of work; throws when the pickle has used up what its size allows.
    void charge(long units) throws PickleException;

    /// Checks that `key` can be a dict key or a set item (hashable, small enough to hash and compare) and charges
    /// the cost of hashing it.
    void requireKey(Object key) throws PickleException;
}
