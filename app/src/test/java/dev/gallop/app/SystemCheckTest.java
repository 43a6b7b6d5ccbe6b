package dev.gallop.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/// The start-up check names missing libraries instead of JavaFX's "Unable to load glass GTK library".
class SystemCheckTest {
    @Test void aLibraryThatIsNotThereIsNotLoadableAndOneThatIsIs() {
        assertFalse(SystemCheck.loadable("libgallop-no-such-library.so.7"));
        assertTrue(SystemCheck.loadable("libc.so.6"), "the C library is always there on Linux");
    }

    @Test void theHeadlessPlatformNeedsNothing() {
        assertEquals("Headless", System.getProperty("glass.platform"), "the tests run on JavaFX's Headless platform");
        assertEquals(List.of(), SystemCheck.problems());
        assertTrue(SystemCheck.NEEDED.stream().anyMatch(n -> n.library().equals("libgtk-3.so.0") && n.debian().startsWith("libgtk-3-0")));
    }
}
