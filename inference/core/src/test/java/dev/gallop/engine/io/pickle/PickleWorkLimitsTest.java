package dev.gallop.engine.io.pickle;

import static org.junit.jupiter.api.Assertions.*;

import dev.gallop.engine.io.Checkpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/// Small pickles that ask for a huge amount of work (shared children walked once per path, one big list handed to
/// many calls, colliding dict keys) are refused quickly, naming the file and the limit; the reader's work is linear
/// in its input.
class PickleWorkLimitsTest {
    @TempDir Path dir;

    /// `()`, then `depth` times DUP + TUPLE2: a tuple whose two children are the same tuple, 2^depth paths in 2·depth
    /// bytes.
    static PickleWriter sharedTuple(PickleWriter w, int depth) {
        w.op(')');
        for (int i = 0; i < depth; i++) w.op('2').op(0x86);
        return w;
    }

    /// The reported file: a plain pickle named `.pth`, a dict whose one key is a 32-level tuple of shared children.
    /// `gallop models` and `generate` read its first pickle to say what it is, and hung there.
    @Test @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void sharedTupleKeyIsRefusedQuickly() throws IOException {
        byte[] pickle = sharedTuple(new PickleWriter().proto(2).op('}'), 32).op('N').op('s').stop().bytes();
        assertTrue(pickle.length < 110, "the reproduction is a tiny file: " + pickle.length);
        Path f = Files.write(dir.resolve("tiny.pth"), pickle);
        long t0 = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> Checkpoints.open(f));
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "took " + (System.nanoTime() - t0) / 1e6 + " ms");
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("dict key") && e.getMessage().contains("limit"), e.getMessage());
    }

    @Test @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void sharedTupleKeyInsideATorchArchiveIsRefused() throws IOException {
        byte[] pickle = sharedTuple(new PickleWriter().proto(2).op('}'), 40).op('N').op('s').stop().bytes();
        Path f = new TorchZipWriter("archive", pickle).write(dir.resolve("key.pth"));
        IOException e = assertThrows(IOException.class, () -> Checkpoints.open(f));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("dict key"), e.getMessage());
    }

    /// The same shared tuple as a value: flattening the state dict walked every path.
    @Test @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void sharedTupleValueIsRefusedWhenFlattened() throws IOException {
        byte[] pickle = sharedTuple(new PickleWriter().proto(2).op('}').str("v"), 60).op('s').stop().bytes();
        Path f = new TorchZipWriter("archive", pickle).write(dir.resolve("value.pth"));
        IOException e = assertThrows(IOException.class, () -> Checkpoints.open(f));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("limit"), e.getMessage());
    }

    /// One list of many pairs handed to OrderedDict again and again through the memo: each call costs the whole list.
    @Test @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void bigListReusedByManyCallsRunsOutOfWork() {
        PickleWriter w = new PickleWriter().proto(2).op(']').op('q').op(0).op('(');
        for (int i = 0; i < 20_000; i++) w.integer(i).op('N').op(0x86);
        w.op('e').op('0').op(']').op('(');
        for (int i = 0; i < 20_000; i++) w.global("collections", "OrderedDict").op('h').op(0).op(0x85).op('R');
        byte[] b = w.op('e').stop().bytes();
        long t0 = System.nanoTime();
        PickleException e = assertThrows(PickleException.class, () -> RestrictedUnpickler.load(b, "many.pkl"));
        assertTrue(System.nanoTime() - t0 < 3_000_000_000L, "took " + (System.nanoTime() - t0) / 1e6 + " ms");
        assertTrue(e.getMessage().startsWith("many.pkl: ") && e.getMessage().contains("work limit"), e.getMessage());
    }

    /// A big string encoded to bytes many times: each call allocates the whole string again.
    @Test @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void bigStringEncodedManyTimesRunsOutOfWork() {
        PickleWriter w = new PickleWriter().proto(2).str("x".repeat(1 << 20)).op('q').op(0).op('0').op(']').op('(');
        for (int i = 0; i < 10_000; i++) w.global("_codecs", "encode").op('h').op(0).str("latin1").op(0x86).op('R');
        byte[] b = w.op('e').stop().bytes();
        PickleException e = assertThrows(PickleException.class, () -> RestrictedUnpickler.load(b, "codecs.pkl"));
        assertTrue(e.getMessage().contains("work limit"), e.getMessage());
    }

    /// Many distinct tuple keys with one hash code: a dict of them stays fast (no quadratic bucket).
    @Test @Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void collidingTupleKeysStayFast() throws PickleException {
        int n = 50_000;
        PickleWriter w = new PickleWriter().proto(2).op('}').op('(');
        Set<Integer> hashes = new HashSet<>();
        for (int i = 0; i < n; i++) {
            long a = i, b = 31L * (n - i);   // 31·a + b == 31·n for every key: one bucket
            w.integer(a).integer(b).op(0x86).op('N');
            hashes.add(new Py.Tuple(List.of(a, b)).hashCode());
        }
        assertEquals(1, hashes.size(), "the keys collide");
        byte[] bytes = w.op('u').stop().bytes();
        long t0 = System.nanoTime();
        Object v = RestrictedUnpickler.load(bytes, "collide.pkl");
        assertEquals(n, ((java.util.Map<?, ?>) v).size());
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "took " + (System.nanoTime() - t0) / 1e6 + " ms");
    }

    /// Ordinary nested tuple keys (a few levels, a few items) are still read.
    @Test void smallTupleKeysAreStillRead() throws PickleException {
        byte[] b = new PickleWriter().proto(2).op('}').str("a").integer(1).op(0x86).op(')').op(0x86).integer(5).op('s').stop().bytes();
        Object v = RestrictedUnpickler.load(b, "ok.pkl");
        assertEquals(5L, ((java.util.Map<?, ?>) v).get(new Py.Tuple(List.of(new Py.Tuple(List.of("a", 1L)), new Py.Tuple(List.of())))));
    }
}
