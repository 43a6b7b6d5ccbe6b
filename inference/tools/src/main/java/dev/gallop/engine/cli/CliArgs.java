package dev.gallop.engine.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/// `--key value` / `--flag` parsing with unknown-option errors that name the option.
final class CliArgs {
    private final Map<String, List<String>> values = new LinkedHashMap<>();

    CliArgs(String[] args, int from, Set<String> options, Set<String> flags) {
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) throw new UsageException("unexpected argument '" + a + "'");
            String key = a.substring(2), val = null;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                val = key.substring(eq + 1);
                key = key.substring(0, eq);
            }
            if (flags.contains(key)) {
                values.computeIfAbsent(key, k -> new ArrayList<>()).add("true");
                continue;
            }
            if (!options.contains(key)) throw new UsageException("unknown option --" + key);
            if (val == null) {
                if (i + 1 >= args.length) throw new UsageException("option --" + key + " needs a value");
                val = args[++i];
            }
            values.computeIfAbsent(key, k -> new ArrayList<>()).add(val);
        }
    }

    boolean flag(String key) { return values.containsKey(key); }

    String get(String key, String dflt) {
        List<String> v = values.get(key);
        return v == null ? dflt : v.get(v.size() - 1);
    }

    String require(String key) {
        String v = get(key, null);
        if (v == null) throw new UsageException("missing required option --" + key);
        return v;
    }

    List<String> all(String key) { return values.getOrDefault(key, List.of()); }

    double number(String key, double dflt) {
        String v = get(key, null);
        if (v == null) return dflt;
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + key + " must be a number, got '" + v + "'");
        }
    }

    long integer(String key, long dflt) {
        String v = get(key, null);
        if (v == null) return dflt;
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + key + " must be an integer, got '" + v + "'");
        }
    }

    static final class UsageException extends RuntimeException {
        UsageException(String m) { super(m); }
    }
}
