package dev.gallop.app.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.app.testing.TestModels;
import dev.gallop.app.testing.UiThread;
import dev.gallop.engine.backend.MemoryBudget;
import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.pipeline.GenerationRequest;
import dev.gallop.engine.pipeline.StructuredPrompt;
import dev.gallop.engine.pipeline.VideoSize;
import dev.gallop.engine.pipeline.local.LocalGenerator;
import dev.gallop.engine.pipeline.local.MemoryPlan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The memory plan beside Generate, on the real generator and the CPU device with the built-in demo model: shown,
/// made again when the request or the budget changes, a plan for a request that changed meanwhile dropped, and the
/// verdict given as the refusal of exactly the request that does not fit.
class MemoryPlanViewModelTest {
    static final Path DEMO = TestModels.home().resolve("assets/models/demo");
    /// The least budget there is: the demo model does not fit in it on the CPU.
    static final MemoryBudget TINY = new MemoryBudget(MemoryBudget.MIN_BYTES);
    @TempDir Path dir;
    LocalGenerator generator;
    UiThread ui;
    MemoryPlanViewModel vm;

    @BeforeEach void start() {
        generator = new LocalGenerator(CpuDevice.get());
        ui = new UiThread();
    }

    @AfterEach void stop() {
        if (vm != null) vm.close();
        ui.close();
        generator.close();
    }

    static GenerationRequest demo(double seconds, long seed) {
        return new GenerationRequest(StructuredPrompt.of("a red circle bouncing on a blue background"), Optional.empty(), Optional.empty(),
                seconds, new VideoSize(64, 64), seed, 0, DEMO);
    }

    MemoryPlanViewModel plans(MemoryPlanViewModel.Planner planner, Duration delay) {
        vm = new MemoryPlanViewModel(planner, generator::budget, ui, delay);
        return vm;
    }

    void awaitStatus(MemoryPlanViewModel.Status s) throws Exception {
        ui.await(() -> vm.statusProperty().get() == s, 30, "status " + s + " (is " + vm.statusProperty().get() + ": " + vm.textProperty().get() + ")");
    }

    @Test void showsThePlanOfTheRequestAndItsTable() throws Exception {
        plans(generator::plan, Duration.ZERO);
        ui.run(() -> vm.request(Optional.of(demo(2.08, 1))));
        awaitStatus(MemoryPlanViewModel.Status.FITS);
        MemoryPlan expected = generator.plan(demo(2.08, 1));
        ui.run(() -> {
            assertTrue(vm.textProperty().get().startsWith("Fits · peak " + MemoryBudget.format(expected.peakBytes()) + " of "
                    + MemoryBudget.format(expected.available())), vm.textProperty().get());
            assertTrue(vm.detailsProperty().get().contains("denoising"), vm.detailsProperty().get());
            assertTrue(vm.detailsProperty().get().contains(expected.verdict()), "the tooltip ends with the verdict");
            assertEquals(Optional.empty(), vm.refusal(demo(2.08, 5)), "a request that fits is not refused");
        });
    }

    @Test void doesNotFitASmallBudgetAndRefusesExactlyThatRequest() throws Exception {
        generator.setBudget(TINY);
        plans(generator::plan, Duration.ZERO);
        ui.run(() -> vm.request(Optional.of(demo(2.08, 1))));
        awaitStatus(MemoryPlanViewModel.Status.DOES_NOT_FIT);
        ui.run(() -> {
            MemoryPlan p = vm.planProperty().get();
            assertFalse(p.fits());
            assertTrue(vm.textProperty().get().startsWith("Does not fit: peak "), vm.textProperty().get());
            assertEquals(Optional.of(p.verdict()), vm.refusal(demo(2.08, 99)), "another seed is the same request as far as memory goes");
            assertTrue(p.verdict().startsWith("does not fit"), p.verdict());
            assertEquals(Optional.empty(), vm.refusal(demo(4.96, 1)), "a request that was not planned yet is not refused here");
        });
    }

    @Test void madeAgainWhenTheRequestOrTheBudgetChanges() throws Exception {
        plans(generator::plan, Duration.ZERO);
        ui.run(() -> vm.request(Optional.of(demo(0.48, 1))));
        awaitStatus(MemoryPlanViewModel.Status.FITS);
        long shortPeak = ui.call(() -> vm.planProperty().get().peakBytes());
        ui.run(() -> vm.request(Optional.of(demo(8.0, 1))));
        ui.await(() -> vm.statusProperty().get() == MemoryPlanViewModel.Status.FITS && vm.planProperty().get().peakBytes() != shortPeak, 30,
                "the longer clip's plan");
        assertTrue(ui.call(() -> vm.planProperty().get().peakBytes()) > shortPeak, "a longer clip holds more");

        generator.setBudget(TINY);
        ui.run(vm::recheck);
        awaitStatus(MemoryPlanViewModel.Status.DOES_NOT_FIT);
        assertEquals(TINY, ui.call(() -> vm.planProperty().get().budget()));

        ui.run(() -> vm.request(Optional.empty()));
        awaitStatus(MemoryPlanViewModel.Status.NONE);
        assertEquals("", ui.call(() -> vm.textProperty().get()));
    }

    @Test void aPlanForARequestThatChangedMeanwhileIsDropped() throws Exception {
        CountDownLatch entered = new CountDownLatch(1), release = new CountDownLatch(1);
        Map<Double, MemoryPlan> made = new ConcurrentHashMap<>();
        plans(r -> {
            if (r.seconds() == 0.48) {
                entered.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            MemoryPlan p = generator.plan(r);
            made.put(r.seconds(), p);
            return p;
        }, Duration.ZERO);
        List<MemoryPlan> shown = new CopyOnWriteArrayList<>();
        ui.run(() -> vm.addListener(() -> shown.add(vm.planProperty().get())));
        ui.run(() -> vm.request(Optional.of(demo(0.48, 1))));
        assertTrue(entered.await(30, TimeUnit.SECONDS), "the first plan is being made");
        ui.run(() -> vm.request(Optional.of(demo(2.08, 1))));
        release.countDown();
        ui.await(() -> made.containsKey(2.08) && vm.statusProperty().get() == MemoryPlanViewModel.Status.FITS, 30, "the second plan");
        assertTrue(made.containsKey(0.48), "the first plan was made");
        assertEquals(1, shown.size(), "only the latest request's plan is shown: " + shown);
        assertSame(made.get(2.08), shown.getFirst());
        assertSame(made.get(2.08), ui.call(() -> vm.planProperty().get()));
        assertNotEquals(made.get(0.48).peakBytes(), made.get(2.08).peakBytes());
    }

    @Test void inputsChangingQuicklyArePlannedOnceTheyRest() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        plans(r -> {
            calls.incrementAndGet();
            return generator.plan(r);
        }, Duration.ofMillis(400));
        ui.run(() -> {
            for (double s : new double[] {0.48, 0.96, 1.44, 2.08}) vm.request(Optional.of(demo(s, 1)));
            assertEquals(MemoryPlanViewModel.Status.CHECKING, vm.statusProperty().get());
            assertEquals("Checking memory…", vm.textProperty().get());
        });
        awaitStatus(MemoryPlanViewModel.Status.FITS);
        assertEquals(1, calls.get(), "one plan for the request the inputs came to rest at");
        assertEquals(generator.plan(demo(2.08, 1)).peakBytes(), ui.call(() -> vm.planProperty().get().peakBytes()));
        ui.run(() -> vm.request(Optional.of(demo(2.08, 7))));
        Thread.sleep(600);
        assertEquals(1, calls.get(), "the same request with another seed is not planned again");
    }

    @Test void aPlanThatCannotBeMadeSaysWhyAndRefusesNothing() throws Exception {
        plans(generator::plan, Duration.ZERO);
        GenerationRequest missing = new GenerationRequest(StructuredPrompt.of("x"), Optional.empty(), Optional.empty(), 1.0,
                new VideoSize(64, 64), 1, 0, dir.resolve("no-such-model"));
        ui.run(() -> vm.request(Optional.of(missing)));
        awaitStatus(MemoryPlanViewModel.Status.UNKNOWN);
        ui.run(() -> {
            assertTrue(vm.textProperty().get().startsWith("Memory not predicted: "), vm.textProperty().get());
            assertEquals(Optional.empty(), vm.refusal(missing));
        });
    }
}
