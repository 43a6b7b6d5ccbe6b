package dev.gallop.engine.backend;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/// How much memory a device may hold for Gallop: a cap the user sets (`--vram 24G`, the studio's GPU memory setting)
/// so that a 24 GB or 16 GB card can be planned for, or tried, on a larger one. [#UNLIMITED] means the device's own
/// free memory is the only limit. The device enforces it ([Device#limitMemory]); the generation planner plans
/// within it.
public record MemoryBudget(long bytes) {
    /// No cap beyond the device itself.
    public static final MemoryBudget UNLIMITED = new MemoryBudget(Long.MAX_VALUE);
    /// The smallest cap accepted (a size typed without its unit, such as `24`, is refused rather than read as bytes);
    /// the demo model's 2-second clip needs about 13 MiB.
    public static final long MIN_BYTES = 8L << 20;

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(i?b?)?", Pattern.CASE_INSENSITIVE);

    public MemoryBudget {
        if (bytes < MIN_BYTES) throw new IllegalArgumentException("a memory budget of " + bytes + " bytes is below the least Gallop runs in ("
                + format(MIN_BYTES) + ")");
    }

    /// Parses `24G`, `24GB`, `24GiB`, `16384M`, `1.5T`, a plain byte count, or `auto` / `unlimited` ([#UNLIMITED]).
    /// Units are binary (G = 2³⁰ bytes), as GPU memory is counted.
    public static MemoryBudget parse(String text) {
        String s = text == null ? "" : text.strip();
        if (s.equalsIgnoreCase("auto") || s.equalsIgnoreCase("unlimited") || s.equalsIgnoreCase("none")) return UNLIMITED;
        Matcher m = SIZE.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("memory budget '" + text + "' is not a size: write e.g. 24G, 16GiB, 12000M, or auto");
        }
        double value = Double.parseDouble(m.group(1));
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        double bytes = value * (1L << shift);
        if (!(bytes < Long.MAX_VALUE / 2)) throw new IllegalArgumentException("memory budget '" + text + "' is too large");
        long b = (long) bytes;
        if (b < MIN_BYTES) {
            throw new IllegalArgumentException("memory budget '" + text + "' (" + format(b) + ") is below the least Gallop runs in ("
                    + format(MIN_BYTES) + ")");
        }
        return new MemoryBudget(b);
    }

    public boolean isUnlimited() { return bytes == Long.MAX_VALUE; }

    /// The budget on a device with `deviceBytes` of memory: the smaller of the two.
    public long within(long deviceBytes) { return Math.min(bytes, deviceBytes); }

    /// `24.0 GiB`, `512 MiB`, `unlimited`.
    @Override public String toString() { return isUnlimited() ? "unlimited" : format(bytes); }

    /// Bytes as GiB (one decimal) from 1 GiB up, else MiB.
    public static String format(long bytes) {
        if (bytes >= 1L << 30) return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        return String.format(Locale.ROOT, "%d MiB", (bytes + (1 << 19)) >> 20);
    }
}
