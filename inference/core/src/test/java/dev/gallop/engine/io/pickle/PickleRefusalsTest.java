package dev.gallop.engine.io.pickle;

import static org.junit.jupiter.api.Assertions.*;

import dev.gallop.engine.io.Checkpoints;
import dev.gallop.engine.io.safetensors.Checkpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/// Malicious or broken archives are refused with a message naming the file and the problem; nothing runs.
class PickleRefusalsTest {
    @TempDir Path dir;

    static long[] l(long... v) { return v; }

    /// `GLOBAL module name`, a string argument, REDUCE: what a code-execution payload looks like.
    static byte[] payload(String module, String name, boolean stackGlobal) {
        PickleWriter w = new PickleWriter().proto(stackGlobal ? 4 : 2);
        if (stackGlobal) w.stackGlobal(module, name); else w.global(module, name);
        return w.str("touch /tmp/pwned").op(0x85).op('R').stop().bytes();
    }

    @ParameterizedTest
    @CsvSource({"os,system,false", "builtins,eval,true", "__builtin__,exec,false", "posix,system,true",
            "numpy.core.multiarray,_reconstruct,false", "torch.storage,_load_from_bytes,true", "subprocess,Popen,false",
            "torch,load,true", "collections,namedtuple,false"})
    void disallowedGlobalsAreRefusedByName(String module, String name, boolean stackGlobal) throws IOException {
        Path f = new TorchZipWriter("archive", payload(module, name, stackGlobal)).write(dir.resolve("evil.pth"));
        IOException e = assertThrows(IOException.class, () -> Checkpoints.open(f));
        assertInstanceOf(PickleException.class, e);
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("'" + module + "." + name + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("never executed"), e.getMessage());
        assertFalse(Files.exists(Path.of("/tmp/pwned")));
    }

    @Test void evilGlobalNestedInsideAStateDictIsRefused() throws IOException {
        PickleWriter w = new PickleWriter().proto(2).op('}').op('(').str("w").global("os", "system").str("id").op(0x85).op('R').op('u').stop();
        IOException e = assertThrows(IOException.class, () -> RestrictedUnpickler.load(w.bytes(), "sd.pkl"));
        assertTrue(e.getMessage().startsWith("sd.pkl: refusing pickle global 'os.system'"), e.getMessage());
    }

    @Test void instOpcodeAndAllowedValuesUsedAsFunctionsAreRefused() {
        byte[] inst = "(S'ls'\nios\nsystem\n.".getBytes(StandardCharsets.ISO_8859_1);
        PickleException a = assertThrows(PickleException.class, () -> RestrictedUnpickler.load(inst, "i.pkl"));
        assertTrue(a.getMessage().contains("'os.system'"), a.getMessage());
        byte[] call = new PickleWriter().proto(2).global("torch", "FloatStorage").op(')').op('R').stop().bytes();
        PickleException b = assertThrows(PickleException.class, () -> RestrictedUnpickler.load(call, "c.pkl"));
        assertTrue(b.getMessage().contains("torch.FloatStorage") && b.getMessage().contains("not as a function"), b.getMessage());
        byte[] build = new PickleWriter().proto(2).op(']').op('}').op('b').stop().bytes();
        assertTrue(assertThrows(PickleException.class, () -> RestrictedUnpickler.load(build, "b.pkl")).getMessage().contains("BUILD"));
        byte[] ext = new PickleWriter().proto(2).op(0x82).op(1).stop().bytes();
        assertTrue(assertThrows(PickleException.class, () -> RestrictedUnpickler.load(ext, "e.pkl")).getMessage().contains("EXT"));
    }

    @Test void legacyAndPlainPicklesAreRefusedClearly() throws IOException {
        byte[] magic = new PickleWriter().proto(2).op(0x8a).op(10).raw(new byte[] {0x6c, (byte) 0xfc, (byte) 0x9c, 0x46,
                (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19}).stop().bytes();
        Path legacy = Files.write(dir.resolve("old.pt"), magic);
        IOException e = assertThrows(IOException.class, () -> Checkpoints.open(legacy));
        assertTrue(e.getMessage().contains("old.pt") && e.getMessage().contains("legacy (pre-1.6)"), e.getMessage());
        Path plain = Files.write(dir.resolve("plain.pth"), PickleWriter.pickle(Map.of("a", 1L)));
        assertTrue(assertThrows(IOException.class, () -> Checkpoints.open(plain)).getMessage().contains("plain pickle"));
        Path text = Files.writeString(dir.resolve("notes.ckpt"), "hello");
        assertTrue(assertThrows(IOException.class, () -> Checkpoints.open(text)).getMessage().contains("not a PyTorch checkpoint"));
        Path pkl = Files.write(dir.resolve("x.pkl"), new TorchZipWriter("a", PickleWriter.pickle(Map.of())).bytes());
        assertTrue(assertThrows(IOException.class, () -> Checkpoints.open(pkl)).getMessage().contains("Gallop does not load pickle files"));
    }

    @Test void zipBinIsReadButPlainBinIsRefusedUnread() throws IOException {
        var t = new PickleWriter.Tensor("FloatStorage", "0", 2, 0, l(2), l(1));
        Path bin = new TorchZipWriter("pytorch_model", PickleWriter.pickle(Map.of("w", t)))
                .storage("0", TorchZipWriter.encode(new float[] {1, 2}, "F32")).write(dir.resolve("pytorch_model.bin"));
        try (Checkpoint c = Checkpoints.open(bin)) {
            assertEquals(java.util.Set.of("w"), c.keys());
        }
        Path plain = Files.write(dir.resolve("other.bin"), payload("os", "system", false));
        assertTrue(assertThrows(IOException.class, () -> Checkpoints.open(plain)).getMessage().contains("Gallop does not load pickle files"));
    }

    @Test void tensorsThatDoNotFitTheirStorageAreRefused() throws IOException {
        var over = new PickleWriter.Tensor("FloatStorage", "0", 4, 2, l(2, 2), l(2, 1)); // reaches element 5 of 4
        IOException e = assertThrows(IOException.class, () -> PickleCheckpoint.open(new TorchZipWriter("a",
                PickleWriter.pickle(Map.of("w", over))).storage("0", new byte[16]).write(dir.resolve("over.pth"))));
        assertTrue(e.getMessage().contains("over.pth") && e.getMessage().contains("storage '0' holds 4"), e.getMessage());

        var ok = new PickleWriter.Tensor("FloatStorage", "0", 4, 0, l(4), l(1));
        Path shortStorage = new TorchZipWriter("a", PickleWriter.pickle(Map.of("w", ok))).storage("0", new byte[12]).write(dir.resolve("short.pth"));
        try (PickleCheckpoint c = PickleCheckpoint.open(shortStorage)) {
            var u = assertThrows(java.io.UncheckedIOException.class, () -> c.data("w"));
            assertTrue(u.getMessage().contains("short.pth") && u.getMessage().contains("truncated"), u.getMessage());
        }
        Path missing = new TorchZipWriter("a", PickleWriter.pickle(Map.of("w", ok))).write(dir.resolve("missing.pth"));
        try (PickleCheckpoint c = PickleCheckpoint.open(missing)) {
            var u = assertThrows(java.io.UncheckedIOException.class, () -> c.data("w"));
            assertTrue(u.getMessage().contains("missing.pth") && u.getMessage().contains("a/data/0"), u.getMessage());
        }
        Path big = new TorchZipWriter("a", PickleWriter.pickle(Map.of("w", ok))).storage("0", new byte[16])
                .entry("a/byteorder", "big".getBytes()).write(dir.resolve("big.pth"));
        assertTrue(assertThrows(IOException.class, () -> PickleCheckpoint.open(big)).getMessage().contains("little-endian"));
        var badKey = new PickleWriter.Tensor("FloatStorage", "../../etc/passwd", 4, 0, l(4), l(1));
        Path escape = new TorchZipWriter("a", PickleWriter.pickle(Map.of("w", badKey))).write(dir.resolve("escape.pth"));
        assertTrue(assertThrows(IOException.class, () -> PickleCheckpoint.open(escape)).getMessage().contains("invalid storage key"));
    }
}
