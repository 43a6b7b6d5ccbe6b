package dev.gallop.engine.io.pickle;

/// The text arguments of protocol-0 opcodes: `STRING` ('...' or "..." with Python escapes) and `UNICODE`
/// (raw-unicode-escape). Only simple escapes are understood; anything else is a [PickleException].
final class TextEscapes {
    private TextEscapes() {}

    static String quoted(String s, String src, int at) throws PickleException {
        if (s.length() < 2 || s.charAt(0) != s.charAt(s.length() - 1) || (s.charAt(0) != '\'' && s.charAt(0) != '"')) {
            throw new PickleException(src + ": STRING argument is not quoted (pickle offset " + at + ")");
        }
        String body = s.substring(1, s.length() - 1);
        StringBuilder b = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (++i >= body.length()) throw bad(src, at);
            char e = body.charAt(i);
            switch (e) {
                case '\\', '\'', '"' -> b.append(e);
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case '0' -> b.append('\0');
                case 'x' -> {
                    b.append((char) hex(body, i + 1, 2, src, at));
                    i += 2;
                }
                default -> throw bad(src, at);
            }
        }
        return b.toString();
    }

    static String rawUnicode(String s, String src, int at) throws PickleException {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && (s.charAt(i + 1) == 'u' || s.charAt(i + 1) == 'U')) {
                int n = s.charAt(i + 1) == 'u' ? 4 : 8;
                int cp = hex(s, i + 2, n, src, at);
                if (!Character.isValidCodePoint(cp)) throw bad(src, at);
                b.appendCodePoint(cp);
                i += 1 + n;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static int hex(String s, int from, int n, String src, int at) throws PickleException {
        if (from + n > s.length()) throw bad(src, at);
        try {
            long v = Long.parseLong(s.substring(from, from + n), 16);
            if (v > Integer.MAX_VALUE || s.charAt(from) == '+' || s.charAt(from) == '-') throw bad(src, at);
            return (int) v;
        } catch (NumberFormatException e) {
            throw bad(src, at);
        }
    }

    private static PickleException bad(String src, int at) {
        return new PickleException(src + ": malformed escape in a text string (pickle offset " + at + ")");
    }
}
