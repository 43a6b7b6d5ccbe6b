package dev.gallop.app.export;

/// A small XML writer for the interchange exports: elements with attributes and text, escaped, indented.
final class Xml {
    private final StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    private final java.util.ArrayDeque<String> open = new java.util.ArrayDeque<>();

    Xml doctype(String name) {
        sb.append("<!DOCTYPE ").append(name).append(">\n");
        return this;
    }

    /// Opens `<name a="v" …>`; attributes come in pairs.
    Xml open(String name, String... attributes) {
        indent();
        sb.append('<').append(name);
        attrs(attributes);
        sb.append(">\n");
        open.push(name);
        return this;
    }

    /// `<name a="v"/>`.
    Xml empty(String name, String... attributes) {
        indent();
        sb.append('<').append(name);
        attrs(attributes);
        sb.append("/>\n");
        return this;
    }

    /// `<name>text</name>`.
    Xml text(String name, Object text, String... attributes) {
        indent();
        sb.append('<').append(name);
        attrs(attributes);
        sb.append('>').append(escape(String.valueOf(text))).append("</").append(name).append(">\n");
        return this;
    }

    Xml close() {
        String n = open.pop();
        indent();
        sb.append("</").append(n).append(">\n");
        return this;
    }

    @Override public String toString() {
        if (!open.isEmpty()) throw new IllegalStateException("unclosed elements " + open);
        return sb.toString();
    }

    private void attrs(String[] a) {
        if (a.length % 2 != 0) throw new IllegalArgumentException("attributes come in name/value pairs");
        for (int i = 0; i < a.length; i += 2) {
            if (a[i + 1] == null) continue;
            sb.append(' ').append(a[i]).append("=\"").append(escape(a[i + 1])).append('"');
        }
    }

    private void indent() { sb.append("  ".repeat(open.size())); }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '\n' -> out.append("&#10;");
                case '\r' -> out.append("&#13;");
                case '\t' -> out.append("&#9;");
                default -> {
                    if (c < 0x20) continue;    // not allowed in XML 1.0
                    out.append(c);
                }
            }
        }
        return out.toString();
    }
}
