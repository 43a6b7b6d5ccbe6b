package dev.gallop.engine.io.pickle;

import java.util.Arrays;
import java.util.List;

/// The plain-data values the restricted unpickler produces besides Java's own (null for None, [Boolean], [Long] or
/// [java.math.BigInteger] for ints, [Double], [String], [java.util.ArrayList] for lists,
/// [java.util.LinkedHashMap] for dicts and OrderedDicts, [java.util.LinkedHashSet] for sets).
public final class Py {
    private Py() {}

    /// A Python tuple (immutable).
    public record Tuple(List<Object> items) {
        public Tuple { items = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(items)); }

        public int size() { return items.size(); }

        public Object get(int i) { return items.get(i); }
    }

    /// Python `bytes` / `bytearray`.
    public record Bytes(byte[] value) {
        @Override public boolean equals(Object o) { return o instanceof Bytes b && Arrays.equals(value, b.value); }

        @Override public int hashCode() { return Arrays.hashCode(value); }

        @Override public String toString() { return "bytes[" + value.length + "]"; }
    }

    /// A reference to an allow-listed global (a storage class, a dtype, a rebuild function). Never called as code:
    /// the unpickler interprets the few allowed ones itself.
    public record Global(String module, String name) {
        public String qualified() { return module + "." + name; }

        @Override public String toString() { return qualified(); }
    }

    /// `torch.device(...)`, kept as its text ("cpu", "cuda:0").
    public record Device(String spec) {}

    /// A short type name for messages (never the value, which may be huge or cyclic).
    public static String typeName(Object o) {
        return switch (o) {
            case null -> "None";
            case Boolean b -> "bool";
            case Long l -> "int";
            case java.math.BigInteger b -> "int";
            case Double d -> "float";
            case String s -> "str";
            case Bytes b -> "bytes";
            case Tuple t -> "tuple";
            case List<?> l -> "list";
            case java.util.Map<?, ?> m -> "dict";
            case java.util.Set<?> s -> "set";
            case Global g -> "global " + g.qualified();
            case TorchStorage s -> "storage";
            case TorchTensor t -> "tensor";
            default -> o.getClass().getSimpleName();
        };
    }
}
