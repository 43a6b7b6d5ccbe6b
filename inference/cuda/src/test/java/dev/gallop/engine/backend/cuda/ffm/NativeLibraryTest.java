package dev.gallop.engine.backend.cuda.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibraryTest {
    static final Path LIBM = Path.of("/lib/x86_64-linux-gnu/libm.so.6");

    @Test void aMissingLibraryNamesEverySonameFolderAndTheWayOut(@TempDir Path dir) {
        var e = assertThrows(MissingLibraryException.class, () -> NativeLibrary.load("cuBLASLt",
                List.of("libgallop-absent.so.13", "libgallop-absent.so.12"), List.of(dir), "Install cuBLAS", Arena.global()));
        String m = e.getMessage();
        assertTrue(m.startsWith("cuBLASLt was not found: tried libgallop-absent.so.13, libgallop-absent.so.12"), m);
        assertTrue(m.contains("and in [" + dir + "]"), m);
        assertTrue(m.contains("Install cuBLAS"), m);
        assertTrue(m.contains("GALLOP_CUDA_LIBS (-Dgallop.cuda.libs)"), m);
    }

    @Test void configuredFoldersComeBeforeTheSystemLoaderAndTheFirstSonameWins(@TempDir Path dir) throws Exception {
        assumeTrue(Files.exists(LIBM), "needs glibc's libm at " + LIBM);
        Files.copy(LIBM, dir.resolve("libgallop-fake.so.12"));
        NativeLibrary lib = NativeLibrary.load("fake", List.of("libgallop-fake.so.13", "libgallop-fake.so.12"), List.of(dir), "x", Arena.ofAuto());
        assertEquals("libgallop-fake.so.12", lib.soname());
        assertEquals(dir.resolve("libgallop-fake.so.12").toString(), lib.location());
        assertTrue(lib.lookup().find("cos").isPresent());
    }

    @Test void theSystemLoaderFindsLibrariesOnItsPath() throws Exception {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "Linux sonames");
        NativeLibrary lib = NativeLibrary.load("libc", List.of("libgallop-absent.so", "libc.so.6"), List.of(), "x", Arena.ofAuto());
        assertEquals("libc.so.6", lib.soname());
        assertEquals("libc.so.6", lib.location());
    }

    @Test void symbolsBindTheFirstNameExportedAndNameAllWhenNoneIs() throws Exception {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "Linux sonames");
        Symbols s = new Symbols(NativeLibrary.load("libc", List.of("libc.so.6"), List.of(), "x", Arena.ofAuto()));
        var strlen = s.fn(FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS), "strlen_v9_gallop", "strlen");
        try (Arena a = Arena.ofConfined()) {
            assertEquals(6L, (long) strlen.invokeExact(a.allocateFrom("gallop")));
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        var e = assertThrows(MissingLibraryException.class, () -> s.fn(FunctionDescriptor.ofVoid(), "cuGallop_v2", "cuGallop"));
        assertTrue(e.getMessage().contains("exports none of cuGallop_v2, cuGallop"), e.getMessage());
    }

    @Test void theLibraryPathPropertyIsSplitIntoFolders() {
        String old = System.getProperty(NativeLibrary.DIRS_PROPERTY);
        try {
            System.setProperty(NativeLibrary.DIRS_PROPERTY, "/opt/a" + java.io.File.pathSeparator + " /opt/b ");
            assertEquals(List.of(Path.of("/opt/a"), Path.of("/opt/b")), NativeLibrary.configuredDirs());
        } finally {
            if (old == null) System.clearProperty(NativeLibrary.DIRS_PROPERTY); else System.setProperty(NativeLibrary.DIRS_PROPERTY, old);
        }
    }
}
