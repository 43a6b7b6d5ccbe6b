package dev.gallop.engine.backend.cuda.ffm;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/// A library's status codes: C names parsed from "NAME=value" words, a hint for the failures a user can act on, and
/// the check that turns a failed status (anything but 0, success in every CUDA library) into a [CudaException].
public final class StatusNames {
    private final String type;
    private final Map<Integer, String> byCode;
    private final Map<String, Integer> byName;
    private final Map<Integer, String> hints;

    /// @param type  the C type, naming codes the table does not know ("CUresult 4242")
    /// @param table "NAME=value" words separated by white space; the first name of a value is its name
    /// @param hints what a failure with that code most likely means, for the exception's message
    public StatusNames(String type, String table, Map<Integer, String> hints) {
        this.type = type;
        this.hints = Map.copyOf(hints);
        Map<Integer, String> c = new LinkedHashMap<>();
        Map<String, Integer> n = new LinkedHashMap<>();
        for (String word : table.trim().split("\\s+")) {
            int eq = word.indexOf('=');
            String name = word.substring(0, eq);
            int value = Integer.parseInt(word.substring(eq + 1));
            c.putIfAbsent(value, name);
            n.put(name, value);
        }
        byCode = Collections.unmodifiableMap(c);
        byName = Collections.unmodifiableMap(n);
    }

    public StatusNames(String type, String table) { this(type, table, Map.of()); }

    /// The name of `code`, or null when the table does not know it.
    public String name(int code) { return byCode.get(code); }

    /// The name of `code`, or the type and the number when the table does not know it ("cublasStatus_t 99").
    public String nameOrNumber(int code) {
        String n = byCode.get(code);
        return n != null ? n : type + " " + code;
    }

    /// Throws a [CudaException] naming `call`, the status and its hint unless `code` is 0.
    public void check(int code, String call) {
        if (code != 0) throw new CudaException(call, code, nameOrNumber(code), hints.get(code));
    }

    /// Every name with its value, in table order.
    public Map<String, Integer> entries() { return byName; }
}
