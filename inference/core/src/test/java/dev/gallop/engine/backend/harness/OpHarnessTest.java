package dev.gallop.engine.backend.harness;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.backend.Op;
import dev.gallop.engine.backend.cpu.CpuDevice;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/// The op harness on the CPU: every operation of the SPI has a case, and the Vector API kernels meet every case's
/// tolerance against their scalar twins. (The CUDA backend runs the same cases: CudaOpsGpuTest on a GPU, and
/// FakeCudaOpsTest against the stand-in libraries, where only the control flow and launch arguments are checked.)
class OpHarnessTest {
    static Stream<OpCase> cases() { return OpCases.all().stream(); }

    @Test void everyOperationHasACase() {
        Set<Op> missing = EnumSet.allOf(Op.class);
        for (OpCase c : OpCases.all()) missing.remove(c.op());
        assertTrue(missing.isEmpty(), "operations without an op-harness case: " + missing);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void vectorKernelsMatchTheScalarTwins(OpCase c) {
        OpHarness.Result r = OpHarness.run(c, CpuDevice.get(), CpuDevice.kernels(true));
        System.out.println(r);
        assertTrue(r.ok(), r.toString());
    }

    @Test void theHarnessSeesADifference() {
        float[] a = {1f, 2f, 3f}, b = {1f, 2f, 3.001f};
        assertTrue(OpHarness.relL2(a, b) > 1e-5 && OpHarness.relL2(a, a) == 0 && Double.isNaN(OpHarness.relL2(new float[] {Float.NaN}, new float[] {1f})));
        assertTrue(List.of(Op.values()).size() > 40);
    }
}
