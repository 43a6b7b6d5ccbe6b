package dev.gallop.tests.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/// The engine's layering (docs/architecture.md), checked on the compiled classes of every engine module:
/// core (tensor, backend SPI, CPU backend, io, nn, runtime) ← cuda, api ← models ← pipeline ← tools.
class EngineArchitectureTest {
    private static JavaClasses engine;

    @BeforeAll static void load() {
        // main classes only: test classes (target/test-classes, and the modules' test jars) may reach across layers
        ImportOption mainOnly = l -> !l.contains("/test-classes/") && !l.contains("-tests.jar");
        engine = new ClassFileImporter().withImportOption(mainOnly).importPackages("dev.gallop.engine");
    }

    @Test void everyModuleIsChecked() {
        for (String c : new String[] {"backend.Tensor", "backend.cpu.CpuDevice", "backend.cuda.CudaDevice", "pipeline.GenerationRequest",
                "models.magihuman.MagiHumanDit", "pipeline.local.LocalGenerator", "cli.GallopCli"}) {
            assertTrue(engine.contain("dev.gallop.engine." + c), "the rules did not see dev.gallop.engine." + c);
        }
    }

    @Test void noPackageCycles() {
        slices().matching("dev.gallop.engine.(**)").should().beFreeOfCycles()
                .because("each package builds on the ones below it").check(engine);
    }

    @Test void theCoreKnowsNothingAbove() {
        noClasses().that().resideInAnyPackage("..engine.tensor..", "..engine.backend", "..engine.backend.cpu..", "..engine.io..",
                        "..engine.nn..", "..engine.runtime..")
                .should().dependOnClassesThat().resideInAnyPackage("..engine.backend.cuda..", "..engine.models..", "..engine.sampling..",
                        "..engine.pipeline..", "..engine.media..", "..engine.cli..", "..engine.bench..", "..engine.demo..", "..engine.randommodel..")
                .because("the core is the bottom layer: tensors, the backend SPI and its CPU implementation, io, nn").check(engine);
    }

    @Test void backendsDoNotKnowTheModels() {
        noClasses().that().resideInAnyPackage("..engine.backend..")
                .should().dependOnClassesThat().resideInAnyPackage("..engine.models..", "..engine.sampling..", "..engine.pipeline..")
                .because("a backend implements operations, whatever model calls them").check(engine);
    }

    @Test void modelsComputeThroughTheKernelsSpiOnly() {
        noClasses().that().resideInAnyPackage("..engine.models..", "..engine.sampling..", "..engine.pipeline..", "..engine.media..")
                .should().dependOnClassesThat().resideInAnyPackage("..engine.backend.cpu..", "..engine.backend.cuda..", "jdk.incubator.vector..")
                .because("a model runs on every device: its arithmetic is Kernels operations (docs/decisions/0029), never a "
                        + "backend's own classes or Vector API loops of its own").check(engine);
    }

    @Test void theApiSeesOnlyTheCore() {
        noClasses().that().resideInAPackage("dev.gallop.engine.pipeline")
                .should().dependOnClassesThat().resideInAnyPackage("..engine.backend..", "..engine.models..", "..engine.sampling..",
                        "..engine.pipeline.local..", "..engine.pipeline.discovery..", "..engine.media..", "..engine.io..", "..engine.nn..")
                .because("the API is what a front-end sees: requests, events and clips, no engine internals").check(engine);
    }

    @Test void theEngineDoesNotDependOnTheTools() {
        noClasses().that().resideOutsideOfPackages("..engine.cli..", "..engine.bench..", "..engine.demo..", "..engine.randommodel..")
                .should().dependOnClassesThat().resideInAnyPackage("..engine.cli..", "..engine.bench..", "..engine.demo..", "..engine.randommodel..")
                .because("the CLI, benchmarks, the demo world and the random-model writer are tools outside the engine").check(engine);
    }
}
