package dev.gallop.tests.parity.samplers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.io.safetensors.SafetensorsFile;
import dev.gallop.engine.sampling.FlowSchedule;
import dev.gallop.engine.sampling.Guidance;
import dev.gallop.engine.sampling.UniPc;
import dev.gallop.tests.parity.GoldenDirs;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/// `unipc32.safetensors`: guidance and the base UniPC trajectory (one solver per modality), chained from `x0`.
/// Guided velocities, every corrected sample, every `x_next` and the final tensors must be bit-exact.
class UniPc32ParityTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.gallop.tests.parity.samplers.Goldens#folders")
    void guidanceIsBitExact(GoldenDirs.Dir dir) {
        try (SafetensorsFile f = Goldens.open(dir, "unipc32.safetensors")) {
            int n = Goldens.count(f, "step", ".guided.video");
            assertTrue(n > 0, "no steps stored");
            FlowSchedule sched = FlowSchedule.shifted(n);
            Guidance g = Guidance.defaults();
            for (int i = 0; i < n; i++) {
                String s = "step" + i + ".";
                float sv = g.videoScale(sched.timestep(i));
                Compare.bitExact("unipc32 step " + i + " guided.video",
                        f.floats(s + "guided.video"), Guidance.cfg(f.floats(s + "uncond.video"), f.floats(s + "cond.video"), sv));
                Compare.bitExact("unipc32 step " + i + " guided.audio",
                        f.floats(s + "guided.audio"), Guidance.cfg(f.floats(s + "uncond.audio"), f.floats(s + "cond.audio"), g.audioScale()));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.gallop.tests.parity.samplers.Goldens#folders")
    void chainedTrajectoryIsBitExact(GoldenDirs.Dir dir) {
        try (SafetensorsFile f = Goldens.open(dir, "unipc32.safetensors")) {
            int n = Goldens.count(f, "step", ".guided.video");
            FlowSchedule sched = FlowSchedule.shifted(n);
            UniPc solver = new UniPc(sched);
            Guidance g = Guidance.defaults();
            UniPc.State sv = UniPc.State.initial(), sa = UniPc.State.initial();
            float[] video = f.floats("x0.video"), audio = f.floats("x0.audio");
            for (int i = 0; i < n; i++) {
                String s = "step" + i + ".";
                String tag = "unipc32 step " + i + " ";
                float[] gv = Guidance.cfg(f.floats(s + "uncond.video"), f.floats(s + "cond.video"), g.videoScale(sched.timestep(i)));
                float[] ga = Guidance.cfg(f.floats(s + "uncond.audio"), f.floats(s + "cond.audio"), g.audioScale());
                UniPc.Result rv = solver.step(sv, video, gv);
                UniPc.Result ra = solver.step(sa, audio, ga);
                Compare.bitExact(tag + "corrected.video", f.floats(s + "corrected.video"), rv.corrected());
                Compare.bitExact(tag + "corrected.audio", f.floats(s + "corrected.audio"), ra.corrected());
                Compare.bitExact(tag + "x_next.video", f.floats(s + "x_next.video"), rv.next());
                Compare.bitExact(tag + "x_next.audio", f.floats(s + "x_next.audio"), ra.next());
                video = rv.next();
                audio = ra.next();
                sv = rv.state();
                sa = ra.state();
            }
            Compare.bitExact("unipc32 final.video", f.floats("final.video"), video);
            Compare.bitExact("unipc32 final.audio", f.floats("final.audio"), audio);
        }
    }
}
