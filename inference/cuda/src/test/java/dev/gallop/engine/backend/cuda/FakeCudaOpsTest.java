package dev.gallop.engine.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.backend.harness.OpCase;
import dev.gallop.engine.backend.harness.OpCases;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/// Every op-harness case on a CUDA device over the stand-in libraries: each operation's host side runs (shape checks,
/// plans, scratch memory) and launches at least one kernel whose argument list matches its declaration, or calls
/// cuBLASLt / cuDNN. The values are not compared: the stand-in runs no kernel.
class FakeCudaOpsTest {
    static FakeCuda fake;
    static CudaDevice device;

    @BeforeAll static void build(@TempDir Path dir) throws Exception {
        fake = FakeCuda.build(dir);
        device = fake.device();
    }

    /// Kernel launches, cuBLASLt matmuls and cuDNN graph executions so far.
    static int work() throws Throwable {
        return fake.counter("fake_launches") + fake.counter("fake_matmuls") + fake.counter("fake_executed");
    }

    static Stream<OpCase> cases() { return OpCases.all().stream(); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyCaseRunsItsHostSideAndLaunchesWithDeclaredArguments(OpCase c) throws Throwable {
        OpCase.Run run = c.body().prepare(device, device.kernels());
        int before = work();
        run.op().run();
        device.synchronize();
        int work = work() - before;
        assertTrue(work > 0 || c.op() == dev.gallop.engine.backend.Op.COPY, c + " queued no kernel and no library call");
    }
}
