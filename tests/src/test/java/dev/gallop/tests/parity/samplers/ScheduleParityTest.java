package dev.gallop.tests.parity.samplers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gallop.engine.sampling.FlowSchedule;
import dev.gallop.engine.sampling.Guidance;
import dev.gallop.tests.parity.GoldenDirs;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/// Flow schedules for every step count in `schedules.json` (8, 5, 32 in the shipped set): sigma bit patterns,
/// float64 values before the cast, timesteps and the per-step video guidance scale. All exact.
class ScheduleParityTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.gallop.tests.parity.samplers.Goldens#folders")
    void schedulesMatchBitForBit(GoldenDirs.Dir dir) {
        JsonNode fs = Goldens.schedules(dir).get("flow_schedule");
        double shift = fs.get("shift").asDouble();
        assertEquals(FlowSchedule.SIGMA_MAX, fs.get("sigma_max_f32_as_double").asDouble(), 0.0, "sigma_max");
        int checked = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = fs.get("schedules").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            int n = Integer.parseInt(e.getKey());
            JsonNode g = e.getValue();
            FlowSchedule s = FlowSchedule.shifted(n, shift);
            String tag = "schedule " + n + " ";
            assertEquals(n, s.steps(), tag + "steps");
            float[] sig = s.sigmas();
            double[] sig64 = s.sigmasF64();
            int[] ts = s.timesteps();
            assertEquals(g.get("sigmas_f32_hex").size(), sig.length, tag + "sigma count");
            for (int i = 0; i < sig.length; i++) {
                int want = Integer.parseUnsignedInt(g.get("sigmas_f32_hex").get(i).asText().substring(2), 16);
                assertEquals(want, Float.floatToRawIntBits(sig[i]), tag + "sigma[" + i + "] bits: got " + sig[i]);
                assertEquals(g.get("sigmas_f32").get(i).floatValue(), sig[i], 0f, tag + "sigma[" + i + "]");
                assertEquals(g.get("sigmas_f64_before_cast").get(i).asDouble(), sig64[i], 0.0, tag + "sigma_f64[" + i + "]");
            }
            Guidance cfg = Guidance.defaults();
            int above = 0;
            for (int i = 0; i < n; i++) {
                assertEquals(g.get("timesteps").get(i).asInt(), ts[i], tag + "timestep[" + i + "]");
                assertEquals(g.get("video_cfg_scale").get(i).floatValue(), cfg.videoScale(ts[i]), 0f, tag + "video scale[" + i + "]");
                if (ts[i] > 500) above++;
            }
            assertEquals(g.get("steps_with_t_gt_500").asInt(), above, tag + "steps with t > 500");
            checked++;
        }
        assertEquals(true, checked > 0, "no schedules in schedules.json");
    }
}
