package dev.gallop.engine.io.pickle;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/// A pickle reader for PyTorch state dicts that never executes anything: it interprets the data opcodes of
/// protocols 0–5 itself and allows only the globals in [TorchGlobals] (tensor rebuild functions, storage classes,
/// OrderedDict, ...). Any other global — `os.system`, `builtins.eval`, numpy reconstructors — is refused, naming it.
/// Work and memory are bounded by the input length and the limits below: every opcode, every item copied into a
/// container, every dict key hashed and every argument an allowed call walks is charged to a [PickleBudget] of
/// [#WORK_PER_BYTE] units per input byte (plus [#BASE_WORK]), so the reader's time is linear in its input. Every
/// failure is a [PickleException].
public final class RestrictedUnpickler implements PickleBudget {
    static final int MAX_STACK = 1 << 20;
    static final int MAX_MEMO = 1 << 20;
    static final int MAX_LONG_BYTES = 64;
    static final int MAX_KEY_DEPTH = 32;
    /// A dict key or set item may hold at most this many items, counting shared ones once per path.
    static final int MAX_KEY_ITEMS = 4096;
    static final long WORK_PER_BYTE = 16;
    static final long BASE_WORK = 1 << 20;

    /// The unpickled value and the offset just past its STOP opcode.
    public record Result(Object value, int end) {}

    private final byte[] in;
    private final String src;
    private int pos;
    private final ArrayList<Object> stack = new ArrayList<>();
    private final ArrayList<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private final long maxWork;
    private long work;
    private int op;   // offset of the opcode being interpreted, for messages

    private RestrictedUnpickler(byte[] in, int start, String src) {
        this.in = in;
        this.pos = start;
        this.src = src;
        this.maxWork = WORK_PER_BYTE * Math.max(0, in.length - start) + BASE_WORK;
    }

    /// Reads one pickle from `data` at `start`; `src` names the file in messages.
    public static Result load(byte[] data, int start, String src) throws PickleException {
        RestrictedUnpickler u = new RestrictedUnpickler(data, start, src);
        Object v = u.run();
        return new Result(v, u.pos);
    }

    public static Object load(byte[] data, String src) throws PickleException { return load(data, 0, src).value(); }

    private Object run() throws PickleException {
        while (true) {
            int at = pos;
            this.op = at;
            charge(1);
            int op = u8();
            switch (op) {
                case 0x80 -> { int proto = u8(); if (proto > 5) throw err(at, "unsupported pickle protocol " + proto); }
                case 0x95 -> { long n = le(8); if (n < 0 || n > in.length - pos) throw err(at, "frame length past the end"); }
                case '.' -> {
                    if (stack.isEmpty()) throw err(at, "STOP with an empty stack");
                    return stack.getLast();
                }
                case '(' -> { if (marks.size() >= MAX_STACK) throw err(at, "too many marks"); marks.add(stack.size()); }
                case '0' -> pop(at);
                case '1' -> popMark(at);
                case '2' -> push(peek(at));
                case 'N' -> push(null);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'J' -> push((long) (int) le(4));
                case 'K' -> push((long) u8());
                case 'M' -> push(le(2));
                case 0x8a -> push(longBytes(at, u8()));
                case 0x8b -> push(longBytes(at, len(at, 4)));
                case 'I' -> push(textInt(at, line(at)));
                case 'L' -> push(textLong(at, line(at)));
                case 'G' -> push(Double.longBitsToDouble(be8()));
                case 'F' -> push(textFloat(at, line(at)));
                case 'X' -> push(utf8(len(at, 4)));
                case 0x8c -> push(utf8(u8()));
                case 0x8d -> push(utf8(len(at, 8)));
                case 'V' -> push(TextEscapes.rawUnicode(line(at), src, at));
                case 'S' -> push(TextEscapes.quoted(line(at), src, at));
                case 'T' -> push(latin1(len(at, 4)));
                case 'U' -> push(latin1(u8()));
                case 'B' -> push(new Py.Bytes(bytes(len(at, 4))));
                case 'C' -> push(new Py.Bytes(bytes(u8())));
                case 0x8e, 0x96 -> push(new Py.Bytes(bytes(len(at, 8))));
                case ')' -> push(new Py.Tuple(List.of()));
                case 0x85 -> push(tupleOf(at, 1));
                case 0x86 -> push(tupleOf(at, 2));
                case 0x87 -> push(tupleOf(at, 3));
                case 't' -> push(new Py.Tuple(popMark(at)));
                case ']' -> push(new ArrayList<>());
                case 'l' -> push(new ArrayList<>(popMark(at)));
                case '}' -> push(new LinkedHashMap<>());
                case 'd' -> { Map<Object, Object> m = new LinkedHashMap<>(); putAll(at, m, popMark(at)); push(m); }
                case 0x8f -> push(new LinkedHashSet<>());
                case 0x91 -> { Set<Object> s = new LinkedHashSet<>(); addAll(s, popMark(at)); push(s); }
                case 'a' -> { Object v = pop(at); list(at, peek(at)).add(v); }
                case 'e' -> { List<Object> vs = popMark(at); list(at, peek(at)).addAll(vs); }
                case 's' -> { Object v = pop(at), k = pop(at); putAll(at, dict(at, peek(at)), java.util.Arrays.asList(k, v)); }
                case 'u' -> { List<Object> kv = popMark(at); putAll(at, dict(at, peek(at)), kv); }
                case 0x90 -> { List<Object> vs = popMark(at); if (!(peek(at) instanceof Set<?>)) throw err(at, "ADDITEMS on a non-set"); addAll(set(peek(at)), vs); }
                case 'p' -> memoPut(at, textIndex(at, line(at)));
                case 'q' -> memoPut(at, u8());
                case 'r' -> memoPut(at, le(4) & 0xffffffffL);
                case 0x94 -> memoPut(at, memo.size());
                case 'g' -> push(memoGet(at, textIndex(at, line(at))));
                case 'h' -> push(memoGet(at, u8()));
                case 'j' -> push(memoGet(at, le(4) & 0xffffffffL));
                case 'c' -> { String module = line(at), name = line(at); push(global(at, module, name)); }
                case 0x93 -> {
                    Object name = pop(at), module = pop(at);
                    if (!(module instanceof String m) || !(name instanceof String n)) throw err(at, "STACK_GLOBAL needs two strings");
                    push(global(at, m, n));
                }
                case 'R' -> { Object args = pop(at), f = pop(at); push(call(at, f, args)); }
                case 0x81 -> { Object args = pop(at), cls = pop(at); push(call(at, cls, args)); }
                case 0x92 -> {
                    Object kw = pop(at), args = pop(at), cls = pop(at);
                    if (!(kw instanceof Map<?, ?> m) || !m.isEmpty()) throw err(at, "NEWOBJ_EX with keyword arguments is not allowed");
                    push(call(at, cls, args));
                }
                case 'b' -> build(at);
                case 'Q' -> push(TorchGlobals.storage(pop(at), src));
                case 'P' -> throw err(at, "text persistent ids (PERSID) are not used by PyTorch and not allowed");
                case 'i' -> { String module = line(at), name = line(at); throw refuse(module, name); }
                case 'o' -> throw err(at, "OBJ (instantiating a class) is not allowed");
                case 0x82, 0x83, 0x84 -> throw err(at, "extension-registry opcodes (EXT1/2/4) are not allowed");
                case 0x97, 0x98 -> throw err(at, "out-of-band buffers (protocol 5) are not allowed");
                default -> throw err(at, String.format("unknown pickle opcode 0x%02x", op));
            }
        }
    }

    // ---- stack ----

    private void push(Object o) throws PickleException {
        if (stack.size() >= MAX_STACK) throw err(pos, "pickle stack deeper than " + MAX_STACK);
        stack.add(o);
    }

    private Object pop(int at) throws PickleException {
        if (stack.isEmpty() || (!marks.isEmpty() && stack.size() <= marks.getLast())) throw err(at, "stack underflow");
        return stack.removeLast();
    }

    private Object peek(int at) throws PickleException {
        if (stack.isEmpty()) throw err(at, "stack underflow");
        return stack.getLast();
    }

    private List<Object> popMark(int at) throws PickleException {
        if (marks.isEmpty()) throw err(at, "no MARK on the stack");
        int m = marks.removeLast();
        charge(stack.size() - m);
        List<Object> items = new ArrayList<>(stack.subList(m, stack.size()));
        stack.subList(m, stack.size()).clear();
        return items;
    }

    private Py.Tuple tupleOf(int at, int n) throws PickleException {
        Object[] a = new Object[n];
        for (int i = n - 1; i >= 0; i--) a[i] = pop(at);
        return new Py.Tuple(java.util.Arrays.asList(a));
    }

    // ---- containers ----

    @SuppressWarnings("unchecked")
    private List<Object> list(int at, Object o) throws PickleException {
        if (o instanceof ArrayList<?> l) return (List<Object>) l;
        throw err(at, "APPEND on a " + Py.typeName(o) + ", not a list");
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dict(int at, Object o) throws PickleException {
        if (o instanceof LinkedHashMap<?, ?> m) return (Map<Object, Object>) m;
        throw err(at, "SETITEM on a " + Py.typeName(o) + ", not a dict");
    }

    @SuppressWarnings("unchecked")
    private static Set<Object> set(Object o) { return (Set<Object>) o; }

    private void putAll(int at, Map<Object, Object> m, List<Object> kv) throws PickleException {
        if (kv.size() % 2 != 0) throw err(at, "odd number of items for a dict");
        for (int i = 0; i < kv.size(); i += 2) {
            requireKey(kv.get(i));
            m.put(kv.get(i), kv.get(i + 1));
        }
    }

    private void addAll(Set<Object> s, List<Object> vs) throws PickleException {
        for (Object v : vs) {
            requireKey(v);
            s.add(v);
        }
    }

    // ---- the work budget ----

    @Override public void charge(long units) throws PickleException {
        work += units;
        if (work > maxWork || work < 0) {
            throw err(op, "the pickle asks for more work than its " + (maxWork - BASE_WORK) / WORK_PER_BYTE + " bytes allow (work limit "
                    + maxWork + " units: containers, calls and dict keys are counted); it is malformed or hostile");
        }
    }

    /// Refuses values Python could not hash (lists, dicts, sets), over-deep tuples and tuples too big to hash and
    /// compare, so Java hashing never recurses through a cycle or walks shared children once per path. O(1): tuples
    /// carry their size and depth.
    @Override public void requireKey(Object k) throws PickleException {
        if (k instanceof Py.Tuple t) {
            if (t.depth() > MAX_KEY_DEPTH) throw err(op, "dict key nested deeper than " + MAX_KEY_DEPTH + " (limit)");
            if (t.treeSize() > MAX_KEY_ITEMS) {
                throw err(op, "dict key of " + (t.treeSize() == Long.MAX_VALUE ? "more than 2^63" : Long.toString(t.treeSize()))
                        + " items (shared items counted once per path) is over the limit of " + MAX_KEY_ITEMS);
            }
            if (!t.hashable()) throw err(op, "unhashable tuple (it holds a list, dict or set) used as a dict key or set item");
            charge(t.treeSize());
        } else if (!Py.isHashableScalar(k)) {
            throw err(op, "unhashable " + Py.typeName(k) + " used as a dict key or set item");
        } else {
            charge(1);
        }
    }

    // ---- memo, globals, calls ----

    private void memoPut(int at, long index) throws PickleException {
        if (memo.size() >= MAX_MEMO && !memo.containsKey(index)) throw err(at, "memo larger than " + MAX_MEMO);
        memo.put(index, peek(at));
    }

    private Object memoGet(int at, long index) throws PickleException {
        if (!memo.containsKey(index)) throw err(at, "memo has no entry " + index);
        return memo.get(index);
    }

    private Py.Global global(int at, String module, String name) throws PickleException {
        if (!TorchGlobals.allowed(module, name)) throw refuse(module, name);
        return new Py.Global(module, name);
    }

    private PickleException refuse(String module, String name) {
        String shown = (module + "." + name).replaceAll("[^\\x20-\\x7e]", "?");
        if (shown.length() > 200) shown = shown.substring(0, 200) + "...";
        return new PickleException(src + ": refusing pickle global '" + shown + "': only PyTorch tensor and state-dict"
                + " types are allowed (like torch.load(weights_only=True)); pickle code is never executed");
    }

    private Object call(int at, Object f, Object args) throws PickleException {
        if (!(f instanceof Py.Global g)) throw err(at, "call of a " + Py.typeName(f) + ", not an allowed global");
        if (!(args instanceof Py.Tuple t)) throw err(at, "call of " + g.qualified() + " with a " + Py.typeName(args) + " instead of an argument tuple");
        return TorchGlobals.call(g, t, src, this);
    }

    private void build(int at) throws PickleException {
        Object state = pop(at), target = peek(at);
        if (target instanceof Map<?, ?> || target instanceof TorchTensor) return; // OrderedDict._metadata etc.: ignored
        throw err(at, "BUILD (setting object state) on a " + Py.typeName(target) + " is not allowed; state was " + Py.typeName(state));
    }

    // ---- primitive reads ----

    private int u8() throws PickleException {
        if (pos >= in.length) throw err(pos, "truncated pickle (no STOP opcode)");
        return in[pos++] & 0xff;
    }

    private long le(int n) throws PickleException {
        need(n);
        long v = 0;
        for (int i = 0; i < n; i++) v |= (long) (in[pos + i] & 0xff) << (8 * i);
        pos += n;
        return v;
    }

    private long be8() throws PickleException {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) v = (v << 8) | (in[pos + i] & 0xff);
        pos += 8;
        return v;
    }

    private int len(int at, int width) throws PickleException {
        long n = le(width);
        if (width == 4) n &= 0xffffffffL;
        if (n < 0 || n > in.length - pos) throw err(at, "length " + n + " runs past the end of the pickle");
        return (int) n;
    }

    private void need(int n) throws PickleException {
        if (n > in.length - pos) throw err(pos, "truncated pickle");
    }

    private byte[] bytes(int n) throws PickleException {
        need(n);
        byte[] b = java.util.Arrays.copyOfRange(in, pos, pos + n);
        pos += n;
        return b;
    }

    private String utf8(int n) throws PickleException { return new String(bytes(n), StandardCharsets.UTF_8); }

    private String latin1(int n) throws PickleException { return new String(bytes(n), StandardCharsets.ISO_8859_1); }

    private String line(int at) throws PickleException {
        for (int i = pos; i < in.length; i++) {
            if (in[i] == '\n') {
                String s = new String(in, pos, i - pos, StandardCharsets.ISO_8859_1);
                pos = i + 1;
                return s;
            }
        }
        throw err(at, "truncated pickle (unterminated text argument)");
    }

    private Object longBytes(int at, int n) throws PickleException {
        if (n > MAX_LONG_BYTES) throw err(at, "integer of " + n + " bytes is too large");
        byte[] b = bytes(n);
        if (n == 0) return 0L;
        byte[] be = new byte[n];
        for (int i = 0; i < n; i++) be[i] = b[n - 1 - i];
        BigInteger v = new BigInteger(be);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private Object textInt(int at, String s) throws PickleException {
        if (s.equals("01")) return Boolean.TRUE;
        if (s.equals("00")) return Boolean.FALSE;
        return textLong(at, s);
    }

    private Object textLong(int at, String s) throws PickleException {
        String t = s.endsWith("L") ? s.substring(0, s.length() - 1) : s;
        if (t.isEmpty() || t.length() > 2 * MAX_LONG_BYTES + 2) throw err(at, "bad integer literal");
        try {
            BigInteger v = new BigInteger(t);
            return v.bitLength() < 64 ? (Object) v.longValue() : v;
        } catch (NumberFormatException e) {
            throw err(at, "bad integer literal");
        }
    }

    private long textIndex(int at, String s) throws PickleException {
        if (!(textLong(at, s) instanceof Long l) || l < 0) throw err(at, "bad memo index");
        return l;
    }

    private double textFloat(int at, String s) throws PickleException {
        try {
            if (s.length() > 64) throw new NumberFormatException();
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw err(at, "bad float literal");
        }
    }

    private PickleException err(int at, String what) { return new PickleException(src + ": " + what + " (pickle offset " + at + ")"); }
}
