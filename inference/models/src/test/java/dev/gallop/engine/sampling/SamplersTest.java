package dev.gallop.engine.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/// Golden-free checks of the small pieces; the trajectories are checked against upstream in the tests module.
class SamplersTest {
    @Test
    void frameZeroOverwrite() {
        int c = 2, t = 3, h = 1, w = 2;
        float[] video = new float[c * t * h * w];
        for (int k = 0; k < video.length; k++) video[k] = k;
        float[] image = {-1f, -2f, -3f, -4f};
        var v = Cpu.t(video, c, t, h, w);
        ImageConditioning.overwriteFirstFrame(Cpu.k(), v, Cpu.t(image, c, 1, h, w));
        assertArrayEquals(new float[] {-1, -2, 2, 3, 4, 5, -3, -4, 8, 9, 10, 11}, v.toFloats(), 0f);
        assertThrows(IllegalArgumentException.class, () -> ImageConditioning.overwriteFirstFrame(Cpu.k(), v, Cpu.t(new float[4], c, 1, 2, 1)));
        assertThrows(IllegalArgumentException.class, () -> ImageConditioning.overwriteFirstFrame(Cpu.k(), v, Cpu.t(new float[8], c, 2, h, w)));
    }

    @Test
    void scheduleForEightSteps() {
        FlowSchedule s = FlowSchedule.shifted(8);
        assertArrayEquals(new int[] {999, 972, 937, 892, 833, 749, 624, 416}, s.timesteps());
        assertEquals(9, s.sigmas().length);
        assertEquals(0f, s.sigma(8), 0f);
        assertEquals(0.9998f, s.sigma(0), 1e-4f);
    }

    @Test
    void guidanceScalesAndCombination() {
        Guidance g = Guidance.defaults();
        assertEquals(5f, g.videoScale(501), 0f);
        assertEquals(2f, g.videoScale(500), 0f);
        assertEquals(5f, g.audioScale(), 0f);
        Guidance custom = new Guidance(7f, 3f, 800, 4f);
        assertEquals(3f, custom.videoScale(800), 0f);
        assertArrayEquals(new float[] {1f + 5f * (3f - 1f)}, Guidance.cfg(Cpu.k(), Cpu.t(new float[] {1f}), Cpu.t(new float[] {3f}), 5f).toFloats(), 0f);
    }

    @Test
    void distilledLastStepReturnsCleanEstimate() {
        var x = Cpu.t(new float[] {1f, 2f}); var v = Cpu.t(new float[] {0.5f, -1f}); var eps = Cpu.t(new float[] {9f, 9f});
        assertArrayEquals(DistilledSampler.x0(Cpu.k(), x, v, 0.4f).toFloats(), DistilledSampler.step(Cpu.k(), x, v, 0.4f, 0f, eps).toFloats(), 0f);
        float[] mid = DistilledSampler.step(Cpu.k(), x, v, 0.4f, 0.25f, eps).toFloats();
        assertEquals(0.25f * 9f + 0.75f * (1f - 0.4f * 0.5f), mid[0], 0f);
    }

    @Test
    void uniPcOrdersAndFinalStep() {
        int n = 5;
        assertArrayEquals(new int[] {1, 2, 2, 2, 1}, java.util.stream.IntStream.range(0, n).map(i -> UniPc.predictorOrder(i, n)).toArray());
        UniPc solver = new UniPc(FlowSchedule.shifted(n));
        UniPc.State s = UniPc.State.initial();
        var x = Cpu.t(new float[] {0.3f, -1.2f, 2f});
        var v = Cpu.t(new float[] {1f, 0.5f, -0.25f});
        UniPc.Result r = null;
        for (int i = 0; i < n; i++) {
            r = solver.step(Cpu.k(), s, x, v);
            s = r.state();
            x = r.next();
        }
        // Last step: x_N = m_{N-1} = x_{N-1} − σ_{N-1}·v.
        assertArrayEquals(r.state().prevModel().toFloats(), r.next().toFloats(), 0f);
        assertEquals(n, s.stepIndex());
        UniPc.State done = s;
        assertThrows(IllegalStateException.class, () -> solver.step(Cpu.k(), done, Cpu.t(new float[3]), Cpu.t(new float[3])));
    }

    @Test
    void computedSrConstantsAgreeWithBits() {
        assertEquals(0x3f56c2d5, Float.floatToRawIntBits((float) ZeroSnrDdpm.signal(220)));
        assertEquals(0x3f0b5540, Float.floatToRawIntBits((float) ZeroSnrDdpm.noise(220)));
        double[] a = ZeroSnrDdpm.sqrtAlphaBar(ZeroSnrDdpm.BETA_START, ZeroSnrDdpm.BETA_END, ZeroSnrDdpm.STEPS);
        assertEquals(0.0, a[a.length - 1], 0.0, "zero terminal SNR");
        assertEquals(Math.sqrt(1 - ZeroSnrDdpm.BETA_START), a[0], 1e-15, "first entry unchanged");
    }
}
