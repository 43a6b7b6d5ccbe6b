package dev.gallop.engine.io.pickle;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/// The allow-list of globals a PyTorch state dict may name, and what "calling" each of them means — interpreted here
/// as plain data, the way `torch.load(weights_only=True)` restricts it. Every other global is refused by name.
final class TorchGlobals {
    private TorchGlobals() {}

    /// Storage classes: the persistent id names one, giving the element type of the storage.
    record StorageType(String dtypeName, int bytes) {}

    private static final Map<String, StorageType> STORAGES = Map.ofEntries(
            Map.entry("torch.FloatStorage", new StorageType("F32", 4)),
            Map.entry("torch.DoubleStorage", new StorageType("F64", 8)),
            Map.entry("torch.HalfStorage", new StorageType("F16", 2)),
            Map.entry("torch.BFloat16Storage", new StorageType("BF16", 2)),
            Map.entry("torch.LongStorage", new StorageType("I64", 8)),
            Map.entry("torch.IntStorage", new StorageType("I32", 4)),
            Map.entry("torch.ShortStorage", new StorageType("I16", 2)),
            Map.entry("torch.CharStorage", new StorageType("I8", 1)),
            Map.entry("torch.ByteStorage", new StorageType("U8", 1)),
            Map.entry("torch.BoolStorage", new StorageType("BOOL", 1)),
            Map.entry("torch.UntypedStorage", new StorageType("U8", 1)));

    private static final Set<String> CALLABLE = Set.of(
            "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor", "torch._utils._rebuild_parameter",
            "torch._utils._rebuild_parameter_with_state", "collections.OrderedDict", "builtins.set",
            "builtins.frozenset", "__builtin__.set", "__builtin__.frozenset", "_codecs.encode", "torch.device",
            "torch.Size");

    private static final Set<String> DTYPES = Set.of("float32", "float", "float64", "double", "float16", "half",
            "bfloat16", "int64", "long", "int32", "int", "int16", "int8", "uint8", "bool", "float8_e4m3fn");

    private static final Pattern STORAGE_KEY = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    private static final int MAX_RANK = 16;

    /// Whether `module.name` may appear in a GLOBAL / STACK_GLOBAL opcode.
    static boolean allowed(String module, String name) {
        String q = module + "." + name;
        return STORAGES.containsKey(q) || CALLABLE.contains(q) || (module.equals("torch") && DTYPES.contains(name));
    }

    /// Interprets REDUCE / NEWOBJ of an allow-listed global on `args`, charging what it walks to `budget`.
    static Object call(Py.Global g, Py.Tuple args, String src, PickleBudget budget) throws PickleException {
        String q = g.qualified();
        List<Object> a = args.items();
        switch (q) {
            case "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor" -> {
                if (a.size() < 4) throw bad(src, q, "expects (storage, offset, size, stride, ...)");
                return tensor(src, a.get(0), a.get(1), a.get(2), a.get(3));
            }
            case "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state" -> {
                if (a.isEmpty() || !(a.getFirst() instanceof TorchTensor t)) throw bad(src, q, "expects a tensor first");
                return t;
            }
            case "collections.OrderedDict" -> {
                Map<Object, Object> m = new LinkedHashMap<>();
                if (a.size() > 1) throw bad(src, q, "takes at most one argument");
                if (a.size() == 1) {
                    if (!(a.getFirst() instanceof List<?> pairs)) throw bad(src, q, "expects a list of pairs");
                    budget.charge(pairs.size());
                    for (Object p : pairs) {
                        if (!(p instanceof Py.Tuple t) || t.size() != 2) throw bad(src, q, "expects a list of pairs");
                        budget.requireKey(t.get(0));
                        m.put(t.get(0), t.get(1));
                    }
                }
                return m;
            }
            case "builtins.set", "builtins.frozenset", "__builtin__.set", "__builtin__.frozenset" -> {
                Set<Object> s = new LinkedHashSet<>();
                if (a.size() > 1) throw bad(src, q, "takes at most one argument");
                if (a.size() == 1) {
                    if (!(a.getFirst() instanceof List<?> items)) throw bad(src, q, "expects a list");
                    budget.charge(items.size());
                    for (Object o : items) {
                        budget.requireKey(o);
                        s.add(o);
                    }
                }
                return s;
            }
            case "_codecs.encode" -> {
                if (a.size() != 2 || !(a.get(0) instanceof String text) || !(a.get(1) instanceof String enc)
                        || !(enc.equals("latin1") || enc.equals("latin-1"))) {
                    throw bad(src, q, "is only allowed as _codecs.encode(str, 'latin1')");
                }
                budget.charge(text.length());
                return new Py.Bytes(text.getBytes(StandardCharsets.ISO_8859_1));
            }
            case "torch.device" -> {
                if (a.isEmpty() || a.size() > 2 || !(a.getFirst() instanceof String type)) throw bad(src, q, "expects (type[, index])");
                if (a.size() == 2 && !(a.get(1) instanceof Long)) throw bad(src, q, "expects an integer index");
                return new Py.Device(a.size() == 2 ? type + ":" + a.get(1) : type);
            }
            case "torch.Size" -> {
                if (a.size() != 1 || !(a.getFirst() instanceof Py.Tuple dims)) throw bad(src, q, "expects a tuple");
                return dims;
            }
            default -> throw new PickleException(src + ": pickle calls '" + q + "', which is allowed only as a value,"
                    + " not as a function (pickle code is never executed)");
        }
    }

    /// Interprets a persistent id: `('storage', storage_type, key, location, numel[, view_metadata])`.
    static TorchStorage storage(Object pid, String src) throws PickleException {
        if (!(pid instanceof Py.Tuple t) || t.size() < 5 || !"storage".equals(t.get(0))) {
            throw new PickleException(src + ": unsupported persistent id (" + Py.typeName(pid) + "); only PyTorch storages are allowed");
        }
        if (!(t.get(1) instanceof Py.Global g) || !STORAGES.containsKey(g.qualified())) {
            throw new PickleException(src + ": persistent id names storage type " + Py.typeName(t.get(1)) + ", not a torch storage class");
        }
        if (!(t.get(2) instanceof String key) || !STORAGE_KEY.matcher(key).matches() || key.contains("..")) {
            throw new PickleException(src + ": persistent id has an invalid storage key (" + Py.typeName(t.get(2)) + ")");
        }
        String location = t.get(3) instanceof String s ? s : t.get(3) instanceof Py.Device d ? d.spec() : "?";
        if (!(t.get(4) instanceof Long numel) || numel < 0 || numel > (Long.MAX_VALUE >> 4)) {
            throw new PickleException(src + ": storage '" + key + "' has an invalid element count");
        }
        StorageType st = STORAGES.get(g.qualified());
        return new TorchStorage(key, st.dtypeName(), st.bytes(), numel, location);
    }

    private static TorchTensor tensor(String src, Object storage, Object offset, Object size, Object stride) throws PickleException {
        String q = "torch._utils._rebuild_tensor_v2";
        if (!(storage instanceof TorchStorage s)) throw bad(src, q, "expects a storage first, got " + Py.typeName(storage));
        if (!(offset instanceof Long off) || off < 0) throw bad(src, q, "needs a non-negative integer storage offset");
        long[] sz = dims(src, size, "size"), st = dims(src, stride, "stride");
        if (sz.length != st.length) throw bad(src, q, "got " + sz.length + " sizes but " + st.length + " strides");
        try {
            long last = off, numel = 1;
            for (int i = 0; i < sz.length; i++) {
                numel = Math.multiplyExact(numel, sz[i]);
                if (sz[i] > 0) last = Math.addExact(last, Math.multiplyExact(sz[i] - 1, st[i]));
            }
            Math.multiplyExact(numel, (long) s.elementBytes());
            if (numel > 0 && last >= s.numel()) {
                throw new PickleException(src + ": tensor view " + s.dtypeName() + java.util.Arrays.toString(sz) + " (offset "
                        + off + ", strides " + java.util.Arrays.toString(st) + ") reaches element " + last + " but storage '"
                        + s.key() + "' holds " + s.numel());
            }
        } catch (ArithmeticException e) {
            throw new PickleException(src + ": tensor on storage '" + s.key() + "' has a size that overflows");
        }
        return new TorchTensor(s, off, sz, st);
    }

    private static long[] dims(String src, Object o, String what) throws PickleException {
        if (!(o instanceof Py.Tuple t) || t.size() > MAX_RANK) {
            throw new PickleException(src + ": tensor " + what + " is not a tuple of at most " + MAX_RANK + " integers");
        }
        long[] d = new long[t.size()];
        for (int i = 0; i < d.length; i++) {
            if (!(t.get(i) instanceof Long v) || v < 0) throw new PickleException(src + ": tensor " + what + " holds a non-integer or negative entry");
            d[i] = v;
        }
        return d;
    }

    private static PickleException bad(String src, String q, String what) {
        return new PickleException(src + ": malformed call to " + q + ": it " + what);
    }
}
