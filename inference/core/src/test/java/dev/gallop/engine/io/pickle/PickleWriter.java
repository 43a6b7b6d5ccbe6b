package dev.gallop.engine.io.pickle;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/// A tiny pickle emitter for tests (protocol 2–4 opcodes, as torch.save writes them), so no test needs Python.
/// [#value] serialises plain Java data, memoising each container and tensor once (BINPUT/BINGET, like Python).
public final class PickleWriter {
    /// A tensor to emit as `_rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict())`.
    public record Tensor(String storageType, String key, long numel, long offset, long[] size, long[] stride, boolean parameter) {
        public Tensor(String storageType, String key, long numel, long offset, long[] size, long[] stride) {
            this(storageType, key, numel, offset, size, stride, false);
        }
    }

    /// A dict emitted as `collections.OrderedDict()` + SETITEMS (+ BUILD with `_metadata`, as torch state dicts have).
    public record Ordered(Map<String, Object> items) {}

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final IdentityHashMap<Object, Integer> memo = new IdentityHashMap<>();
    private final Map<String, Integer> storageMemo = new java.util.HashMap<>();

    public PickleWriter proto(int p) { return op(0x80).op(p); }

    public PickleWriter op(int b) { out.write(b); return this; }

    public PickleWriter raw(byte[] b) { out.writeBytes(b); return this; }

    public PickleWriter str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length < 256) op(0x8c).op(b.length);
        else op('X').le(b.length, 4);
        return raw(b);
    }

    public PickleWriter integer(long v) {
        if (v >= 0 && v < 256) return op('K').op((int) v);
        if (v >= 0 && v < 65536) return op('M').le(v, 2);
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) return op('J').le(v, 4);
        return op(0x8a).op(8).le(v, 8);
    }

    public PickleWriter le(long v, int n) {
        for (int i = 0; i < n; i++) out.write((int) (v >>> (8 * i)));
        return this;
    }

    public PickleWriter global(String module, String name) {
        return op('c').raw((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    public PickleWriter stackGlobal(String module, String name) { return str(module).str(name).op(0x93); }

    private int next;

    /// Memoises the top of the stack under the next index and returns that index.
    private int put() {
        int i = next++;
        if (i < 256) op('q').op(i);
        else op('r').le(i, 4);
        return i;
    }

    private PickleWriter get(int i) { return i < 256 ? op('h').op(i) : op('j').le(i, 4); }

    public PickleWriter value(Object v) {
        Integer seen = v == null || v instanceof String || v instanceof Number || v instanceof Boolean ? null : memo.get(v);
        if (seen != null) return get(seen);
        switch (v) {
            case null -> op('N');
            case Boolean b -> op(b ? 0x88 : 0x89);
            case Long l -> integer(l);
            case Integer i -> integer(i);
            case Double d -> { op('G'); long bits = Double.doubleToLongBits(d); for (int k = 7; k >= 0; k--) op((int) (bits >>> (8 * k)) & 0xff); }
            case String s -> str(s);
            case Tensor t -> tensor(t);
            case Ordered o -> {
                global("collections", "OrderedDict").op(')').op('R');
                memo.put(v, put());
                items(o.items());
                op('}').str("_metadata").op('}').op('s').op('b');
            }
            case Map<?, ?> m -> {
                op('}');
                memo.put(v, put());
                items(m);
            }
            case List<?> l -> {
                op(']');
                memo.put(v, put());
                op('(');
                for (Object o : l) value(o);
                op('e');
            }
            default -> throw new IllegalArgumentException("cannot pickle " + v.getClass());
        }
        return this;
    }

    private void items(Map<?, ?> m) {
        if (m.isEmpty()) return;
        op('(');
        for (var e : m.entrySet()) {
            value(e.getKey());
            value(e.getValue());
        }
        op('u');
    }

    private void tensor(Tensor t) {
        if (t.parameter) global("torch._utils", "_rebuild_parameter");
        global("torch._utils", "_rebuild_tensor_v2");
        op('(');
        Integer s = storageMemo.get(t.key);
        if (s != null) {
            get(s);
        } else {
            op('(').str("storage").global("torch", t.storageType).str(t.key).str("cpu").integer(t.numel).op('t');
            storageMemo.put(t.key, put());
        }
        op('Q').integer(t.offset);
        longs(t.size);
        longs(t.stride);
        op(0x89);
        global("collections", "OrderedDict").op(')').op('R');
        op('t').op('R');
        if (t.parameter) op(0x89).global("collections", "OrderedDict").op(')').op('R').op(0x87).op('R');
        memo.put(t, put());
    }

    private void longs(long[] v) {
        op('(');
        for (long x : v) integer(x);
        op('t');
    }

    public PickleWriter stop() { return op('.'); }

    public byte[] bytes() { return out.toByteArray(); }

    /// A complete pickle of `v` (protocol 2, like torch.save).
    public static byte[] pickle(Object v) { return new PickleWriter().proto(2).value(v).stop().bytes(); }
}
