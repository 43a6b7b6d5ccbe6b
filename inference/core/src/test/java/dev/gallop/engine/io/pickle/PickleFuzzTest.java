package dev.gallop.engine.io.pickle;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/// Seeded mutation fuzzing: mutated pickles and archives may be read or refused, but the reader may only ever throw
/// its own [PickleException] / [IOException] (or [UncheckedIOException] from `data`) — never hang, run out of memory,
/// or throw NullPointer / ClassCast / IndexOutOfBounds / StackOverflow.
class PickleFuzzTest {
    @TempDir Path dir;

    static final byte[] INTERESTING = {0, 1, (byte) 0xff, (byte) 0x7f, (byte) 0x80, '(', ')', '.', 'R', 'b', 'c', 'Q',
            (byte) 113, (byte) 104, (byte) 106, (byte) 117, (byte) 115, (byte) 101, (byte) 97, (byte) 116, (byte) 93, (byte) 125, (byte) 0x85, (byte) 0x86, (byte) 0x87, (byte) 0x8a, (byte) 0x8c, (byte) 0x8d,
            (byte) 0x93, (byte) 0x94, (byte) 0x95, (byte) 10, (byte) 50, (byte) 48, (byte) 49};

    static long[] l(long... v) { return v; }

    static List<byte[]> seedPickles() {
        List<byte[]> seeds = new ArrayList<>();
        Map<String, Object> sd = new LinkedHashMap<>();
        var shared = new PickleWriter.Tensor("FloatStorage", "0", 24, 0, l(2, 3, 4), l(12, 4, 1));
        sd.put("a.weight", shared);
        sd.put("a.t", new PickleWriter.Tensor("FloatStorage", "0", 24, 2, l(4, 2), l(1, 6)));
        sd.put("b", new PickleWriter.Tensor("BFloat16Storage", "1", 6, 0, l(6), l(1), true));
        sd.put("tied", shared);
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("ema_state_dict", new PickleWriter.Ordered(sd));
        top.put("step", 12L);
        top.put("list", List.of(1.5, "x", List.of()));
        seeds.add(PickleWriter.pickle(top));
        seeds.add(PickleWriter.pickle(new PickleWriter.Ordered(sd)));
        seeds.add(new PickleWriter().proto(4).op(0x95).le(0, 8).op('}').op(0x94).op('(').str("k").op(0x94)
                .stackGlobal("builtins", "set").op(']').op('(').integer(1).op('e').op(0x85).op('R').str("k2").op('h').op(1)
                .op(0x8f).op('(').str("x").op(0x90).op(0x86).op('u').stop().bytes());
        seeds.add("(dp0\nS'a\\'b'\np1\nI42\nsVh\\u00e9\nL7L\nsI01\nF0.5\ns.".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        return seeds;
    }

    static byte[] mutate(byte[] in, Random r) {
        byte[] b = in.clone();
        int n = 1 + r.nextInt(4);
        for (int k = 0; k < n; k++) {
            if (b.length == 0) return new byte[] {(byte) r.nextInt(256)};
            int at = r.nextInt(b.length);
            switch (r.nextInt(7)) {
                case 0 -> b[at] = (byte) r.nextInt(256);
                case 1 -> b[at] = INTERESTING[r.nextInt(INTERESTING.length)];
                case 2 -> b[at] ^= (byte) (1 << r.nextInt(8));
                case 3 -> b = java.util.Arrays.copyOf(b, at); // truncate
                case 4 -> { // delete a range
                    int len = Math.min(b.length - at, 1 + r.nextInt(8));
                    byte[] c = new byte[b.length - len];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + len, c, at, b.length - at - len);
                    b = c;
                }
                case 5 -> { // duplicate a range
                    int len = Math.min(b.length - at, 1 + r.nextInt(16));
                    byte[] c = new byte[b.length + len];
                    System.arraycopy(b, 0, c, 0, at + len);
                    System.arraycopy(b, at, c, at + len, b.length - at);
                    b = c;
                }
                default -> { // a 4- or 8-byte length-ish field set to an extreme
                    long v = switch (r.nextInt(3)) { case 0 -> -1L; case 1 -> Integer.MAX_VALUE; default -> 1L << 40; };
                    for (int i = 0; i < 8 && at + i < b.length; i++) b[at + i] = (byte) (v >>> (8 * i));
                }
            }
        }
        return b;
    }

    static boolean allowed(Throwable t) {
        if (t instanceof UncheckedIOException u) return u.getCause() != null;
        return t instanceof IOException;
    }

    @Test @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) void mutatedPicklesOnlyEverThrowPickleException() {
        List<byte[]> seeds = seedPickles();
        Random r = new Random(20260611);
        int cases = 0, ok = 0, refused = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(25).toNanos();
        for (; cases < 30_000 && System.nanoTime() < deadline; cases++) {
            byte[] b = mutate(seeds.get(r.nextInt(seeds.size())), r);
            try {
                RestrictedUnpickler.load(b, "fuzz.pkl");
                ok++;
            } catch (PickleException e) {
                assertTrue(e.getMessage().startsWith("fuzz.pkl: "), e.getMessage());
                refused++;
            } catch (Throwable t) {
                fail("case " + cases + " threw " + t + " on " + java.util.HexFormat.of().formatHex(b), t);
            }
        }
        System.out.printf("pickle fuzz: %d cases, %d read, %d refused%n", cases, ok, refused);
        assertTrue(cases >= 5_000, "too few cases in the time budget: " + cases);
    }

    @Test @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) void mutatedArchivesOnlyEverThrowIOExceptions() throws IOException {
        List<byte[]> seeds = seedPickles();
        byte[] s0 = TorchZipWriter.encode(new float[24], "F32"), s1 = TorchZipWriter.encode(new float[6], "BF16");
        Random r = new Random(7);
        Path f = dir.resolve("fuzz.pth");
        int cases = 0, ok = 0, refused = 0, tensors = 0;
        long worst = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(35).toNanos();
        for (; cases < 4_000 && System.nanoTime() < deadline; cases++) {
            byte[] file;
            if (r.nextBoolean()) { // mutate the pickle, keep the zip valid: reaches the tensor logic
                file = new TorchZipWriter("archive", mutate(seeds.get(r.nextInt(2)), r)).storage("0", s0).storage("1", s1).bytes();
            } else { // mutate the zip bytes themselves
                file = mutate(new TorchZipWriter("archive", seeds.get(r.nextInt(2))).storage("0", s0).storage("1", s1).bytes(), r);
            }
            Files.write(f, file);
            long t0 = System.nanoTime();
            try (PickleCheckpoint c = PickleCheckpoint.open(f)) {
                for (String k : c.keys()) {
                    c.info(k);
                    try {
                        c.data(k);
                        tensors++;
                    } catch (UncheckedIOException e) {
                        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
                    }
                }
                ok++;
            } catch (Throwable t) {
                if (!allowed(t)) fail("archive case " + cases + " threw " + t, t);
                assertTrue(String.valueOf(t.getMessage()).contains("fuzz.pth"), t.getMessage());
                refused++;
            }
            worst = Math.max(worst, System.nanoTime() - t0);
        }
        System.out.printf("archive fuzz: %d cases, %d opened (%d tensors read), %d refused, slowest %.1f ms%n",
                cases, ok, tensors, refused, worst / 1e6);
        assertTrue(cases >= 1_000, "too few cases in the time budget: " + cases);
        assertTrue(worst < 5_000_000_000L, "one case took " + worst / 1e6 + " ms");
    }
}
