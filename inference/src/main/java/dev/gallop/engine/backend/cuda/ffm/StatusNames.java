package dev.gallop.engine.backend.cuda.ffm;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/// A table of a library's status codes by C name, parsed from "NAME=value" words.
public final class StatusNames {
    private final Map<Integer, String> byCode;
    private final Map<String, Integer> byName;

    public StatusNames(String table) {
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

    /// The name of `code`, or null when the table does not know it.
    public String name(int code) { return byCode.get(code); }

    /// Every name with its value, in table order.
    public Map<String, Integer> entries() { return byName; }
}
