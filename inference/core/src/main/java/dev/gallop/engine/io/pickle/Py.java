package dev.gallop.engine.io.pickle;

import java.util.Arrays;
import java.util.List;

/// The plain-data values the restricted unpickler produces besides Java's own (null for None, [Boolean], [Long] or
/// [java.math.BigInteger] for ints, [Double], [String], [java.util.ArrayList] for lists,
/// [java.util.LinkedHashMap] for dicts and OrderedDicts, [java.util.LinkedHashSet] for sets).
public final class Py {
    private Py() {}

    /// A Python tuple (immutable). Its hash code, its size counted as a tree (every path through shared children
    /// counted again: what hashing or comparing it walks), its depth and whether Python could hash it are computed
    /// once, from its items, when it is made; so checking a dict key costs O(1), however its children are shared.
    /// Tuples compare in a total order consistent with `equals` (for hashable items), which keeps a `HashMap` bucket
    /// of colliding tuple keys a balanced tree instead of a list.
    public static final class Tuple implements Comparable<Tuple> {
        private final List<Object> items;
        private final int hash;
        private final long nodes;
        private final int depth;
        private final boolean hashable;

        public Tuple(List<Object> items) {
            this.items = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(items));
            int h = 1, d = 0;
            long n = 1;
            boolean ok = true;
            for (Object o : this.items) {
                // unhashable items (lists, dicts, tensors) by identity: their own hash codes walk them, cycles and all
                h = 31 * h + (o == null ? 0 : o instanceof Tuple || isHashableScalar(o) ? o.hashCode() : System.identityHashCode(o));
                if (o instanceof Tuple t) {
                    n = n + t.nodes < 0 ? Long.MAX_VALUE : n + t.nodes;
                    d = Math.max(d, t.depth);
                    ok &= t.hashable;
                } else {
                    n = n == Long.MAX_VALUE ? n : n + 1;
                    ok &= isHashableScalar(o);
                }
            }
            hash = h;
            nodes = n;
            depth = d + 1;
            hashable = ok;
        }

        public List<Object> items() { return items; }

        public int size() { return items.size(); }

        public Object get(int i) { return items.get(i); }

        /// Items and nested tuples counted along every path (saturating at Long.MAX_VALUE).
        public long treeSize() { return nodes; }

        /// 1 for a tuple without tuple items.
        public int depth() { return depth; }

        /// Whether Python could hash it: only hashable scalars and hashable tuples inside.
        public boolean hashable() { return hashable; }

        @Override public int hashCode() { return hash; }

        @Override public boolean equals(Object o) {
            if (this == o) return true;
            // a tuple holding a list or a dict equals only itself: it is never a key, and comparing lists could loop
            return o instanceof Tuple t && hashable && t.hashable && t.hash == hash && t.items.size() == items.size()
                    && t.items.equals(items);
        }

        @Override public int compareTo(Tuple o) {
            if (this == o) return 0;
            for (int i = 0; i < Math.min(items.size(), o.items.size()); i++) {
                int c = compareItems(items.get(i), o.items.get(i));
                if (c != 0) return c;
            }
            return Integer.compare(items.size(), o.items.size());
        }

        @Override public String toString() { return "tuple[" + items.size() + "]"; }
    }

    /// Python `bytes` / `bytearray`; the hash is computed once.
    public static final class Bytes implements Comparable<Bytes> {
        private final byte[] value;
        private final int hash;

        public Bytes(byte[] value) {
            this.value = value;
            this.hash = Arrays.hashCode(value);
        }

        public byte[] value() { return value; }

        @Override public boolean equals(Object o) { return o instanceof Bytes b && b.hash == hash && Arrays.equals(value, b.value); }

        @Override public int hashCode() { return hash; }

        @Override public int compareTo(Bytes o) { return Arrays.compare(value, o.value); }

        @Override public String toString() { return "bytes[" + value.length + "]"; }
    }

    /// A reference to an allow-listed global (a storage class, a dtype, a rebuild function). Never called as code:
    /// the unpickler interprets the few allowed ones itself.
    public record Global(String module, String name) {
        public String qualified() { return module + "." + name; }

        @Override public String toString() { return qualified(); }
    }

    /// `torch.device(...)`, kept as its text ("cpu", "cuda:0").
    public record Device(String spec) implements Comparable<Device> {
        @Override public int compareTo(Device o) { return spec.compareTo(o.spec); }
    }

    /// Whether a non-tuple value can be a dict key or a set item (what Python can hash).
    static boolean isHashableScalar(Object o) {
        return o == null || o instanceof String || o instanceof Long || o instanceof java.math.BigInteger || o instanceof Double
                || o instanceof Boolean || o instanceof Bytes || o instanceof Global || o instanceof Device;
    }

    /// A total order over hashable values: by kind, then by value.
    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compareItems(Object a, Object b) {
        int ka = kind(a), kb = kind(b);
        if (ka != kb) return Integer.compare(ka, kb);
        if (a == null) return 0;
        if (a instanceof Global ga) return ga.qualified().compareTo(((Global) b).qualified());
        if (a instanceof Comparable c) return c.compareTo(b);
        return 0;
    }

    private static int kind(Object o) {
        return switch (o) {
            case null -> 0;
            case Boolean x -> 1;
            case Long x -> 2;
            case java.math.BigInteger x -> 3;
            case Double x -> 4;
            case String x -> 5;
            case Bytes x -> 6;
            case Global x -> 7;
            case Device x -> 8;
            case Tuple x -> 9;
            default -> 10;
        };
    }

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
