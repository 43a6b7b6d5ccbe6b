package dev.gallop.engine.backend.cuda.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepGraphsTest {
    @Test void theFirstRunCapturesAndLaterRunsOnlyLaunch() {
        FakeGpu gpu = new FakeGpu(1L << 20);
        List<String> enqueued = new ArrayList<>();
        try (StepGraphs<Integer> graphs = new StepGraphs<>(gpu, 4)) {
            assertTrue(graphs.run(4060, () -> enqueued.add("layer stack")));
            assertFalse(graphs.run(4060, () -> enqueued.add("layer stack")));
            assertFalse(graphs.run(4060, () -> enqueued.add("layer stack")));
            assertEquals(List.of("layer stack"), enqueued, "the body runs once, at capture");
            assertEquals(new StepGraphs.Stats(1, 3, 0, 0, 1), graphs.stats());
            assertTrue(gpu.graphs.isEmpty(), "the captured graph is destroyed once instantiated");
            assertEquals(1, gpu.execs.size());
            assertEquals(List.of("begin", "end 1000", "instantiate 1000 -> 1001", "destroyGraph 1000", "launch 1001", "launch 1001",
                    "launch 1001"), gpu.log);
        }
        assertTrue(gpu.execs.isEmpty(), "close destroys every executable graph");
    }

    @Test void eachShapeHasItsOwnGraphAndTheLeastRecentlyUsedIsEvicted() {
        FakeGpu gpu = new FakeGpu(1L << 20);
        StepGraphs<String> graphs = new StepGraphs<>(gpu, 2);
        graphs.run("256p", () -> {});
        graphs.run("540p", () -> {});
        graphs.run("256p", () -> {});           // 256p is now the most recent
        assertTrue(graphs.run("720p", () -> {}));   // evicts 540p
        assertTrue(graphs.contains("256p"));
        assertFalse(graphs.contains("540p"));
        assertEquals(2, gpu.execs.size());
        assertEquals(1, graphs.stats().evictions());
        assertTrue(graphs.run("540p", () -> {}), "an evicted shape is captured again");
    }

    @Test void aFailingBodyEndsTheCaptureAndLeavesNothingBehind() {
        FakeGpu gpu = new FakeGpu(1L << 20);
        StepGraphs<Integer> graphs = new StepGraphs<>(gpu, 2);
        IllegalStateException boom = new IllegalStateException("kernel launch failed");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> graphs.run(1, () -> { throw boom; }));
        assertSame(boom, thrown);
        assertFalse(gpu.capturing, "the stream must leave capture mode");
        assertTrue(gpu.graphs.isEmpty() && gpu.execs.isEmpty());
        assertEquals(1, graphs.stats().failedCaptures());
        assertTrue(graphs.run(1, () -> {}), "the next run captures afresh");
    }

    @Test void invalidateDropsTheGraphOfChangedBuffers() {
        FakeGpu gpu = new FakeGpu(1L << 20);
        StepGraphs<Integer> graphs = new StepGraphs<>(gpu, 2);
        graphs.run(7, () -> {});
        graphs.invalidate(7);
        assertTrue(gpu.execs.isEmpty());
        assertTrue(graphs.run(7, () -> {}));
        assertThrows(IllegalArgumentException.class, () -> new StepGraphs<Integer>(gpu, 0));
    }
}
