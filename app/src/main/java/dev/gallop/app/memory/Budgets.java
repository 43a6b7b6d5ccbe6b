package dev.gallop.app.memory;

import dev.gallop.engine.backend.MemoryBudget;
import java.util.List;

/// The GPU memory budget as the studio writes and reads it: [#AUTOMATIC] (or `auto`) for all the device has free,
/// else a size in binary units as [MemoryBudget#parse] reads it (`24G`, `16GiB`, `12000M`).
public final class Budgets {
    /// The picker's entry for no cap.
    public static final String AUTOMATIC = "Automatic (all free memory)";
    /// What the picker offers; any other size can be typed.
    public static final List<String> CHOICES = List.of(AUTOMATIC, "24G", "16G", "12G", "8G");

    private Budgets() {}

    /// Reads a budget: [#AUTOMATIC], `auto`, or a size. Throws naming the text when it is neither, or below the least
    /// Gallop runs in.
    public static MemoryBudget parse(String text) {
        if (text != null && text.strip().equalsIgnoreCase(AUTOMATIC)) return MemoryBudget.UNLIMITED;
        return MemoryBudget.parse(text);
    }

    /// The shortest exact text for `b`: `auto`, `24G`, `12000M`, or a byte count.
    public static String text(MemoryBudget b) {
        if (b.isUnlimited()) return "auto";
        long bytes = b.bytes();
        if (bytes % (1L << 30) == 0) return (bytes >> 30) + "G";
        if (bytes % (1L << 20) == 0) return (bytes >> 20) + "M";
        return Long.toString(bytes);
    }

    /// The picker's text for `b`: [#AUTOMATIC], or as [#text].
    public static String choice(MemoryBudget b) { return b.isUnlimited() ? AUTOMATIC : text(b); }
}
