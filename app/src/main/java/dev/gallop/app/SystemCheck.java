package dev.gallop.app;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/// Before the studio opens on Linux: the system libraries JavaFX's window toolkit loads (GTK 3 and the X test
/// extension) must be there, and a display to show the window on. Without them JavaFX stops with "Unable to load glass
/// GTK library"; this says instead which packages to install. Sound (ALSA, PulseAudio or PipeWire) and OpenGL are not
/// checked: without them the studio plays silently or draws in software, and says so.
public final class SystemCheck {
    /// A library the studio cannot open its window without, and the Debian/Ubuntu and Fedora packages that hold it.
    public record Need(String library, String debian, String fedora) {}

    public static final List<Need> NEEDED = List.of(
            new Need("libgtk-3.so.0", "libgtk-3-0 (libgtk-3-0t64 on Debian 13 and Ubuntu 24.04)", "gtk3"),
            new Need("libXtst.so.6", "libxtst6", "libXtst"));

    private SystemCheck() {}

    /// What is missing to open the window, one line each; empty when all is there (or not on Linux, or on JavaFX's
    /// Headless platform).
    public static List<String> problems() {
        List<String> out = new ArrayList<>();
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) return out;
        String platform = System.getProperty("glass.platform", "");
        if (platform.equalsIgnoreCase("Headless") || platform.equalsIgnoreCase("Monocle")) return out;
        for (Need n : NEEDED) if (!loadable(n.library())) out.add(n.library() + " is missing: install " + n.debian() + " (Fedora: " + n.fedora() + ")");
        String display = System.getenv("DISPLAY"), wayland = System.getenv("WAYLAND_DISPLAY");
        if ((display == null || display.isBlank()) && (wayland == null || wayland.isBlank())) {
            out.add("there is no display (DISPLAY and WAYLAND_DISPLAY are not set): start the studio from a desktop session, "
                    + "or under a virtual one (xvfb-run ./gallop)");
        }
        return out;
    }

    /// Whether the dynamic linker can open `library`.
    static boolean loadable(String library) {
        try (Arena a = Arena.ofConfined()) {
            SymbolLookup.libraryLookup(library, a);
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return false;
        }
    }
}
