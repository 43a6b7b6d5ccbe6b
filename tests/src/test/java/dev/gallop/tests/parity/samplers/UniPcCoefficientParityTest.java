package dev.gallop.tests.parity.samplers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gallop.engine.sampling.FlowSchedule;
import dev.gallop.engine.sampling.UniPc;
import dev.gallop.engine.sampling.UniPcCoefficients;
import dev.gallop.tests.parity.GoldenDirs;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/// The float32 UniPC coefficient tables (`unipc_coefficients_f32`), bit for bit.
class UniPcCoefficientParityTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.gallop.tests.parity.samplers.Goldens#folders")
    void coefficientTablesMatchBitForBit(GoldenDirs.Dir dir) {
        JsonNode root = Goldens.schedules(dir);
        double shift = root.get("flow_schedule").get("shift").asDouble();
        JsonNode tables = root.get("unipc_coefficients_f32");
        int checked = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = tables.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().chars().allMatch(Character::isDigit)) continue;
            int n = Integer.parseInt(e.getKey());
            List<UniPc.StepCoefficients> mine = new UniPc(FlowSchedule.shifted(n, shift)).coefficients();
            assertEquals(e.getValue().size(), mine.size(), "unipc" + n + " step count");
            for (int i = 0; i < n; i++) {
                JsonNode g = e.getValue().get(i);
                UniPc.StepCoefficients c = mine.get(i);
                String tag = "unipc" + n + " step " + i + " ";
                bits(tag + "sigma", g.get("sigma"), c.sigma());
                if (g.has("corrector")) {
                    assertNotNull(c.corrector(), tag + "corrector missing");
                    check(tag + "corrector.", g.get("corrector"), c.corrector());
                } else {
                    assertNull(c.corrector(), tag + "unexpected corrector");
                }
                check(tag + "predictor.", g.get("predictor"), c.predictor());
                checked++;
            }
        }
        assertEquals(true, checked > 0, "no coefficient tables");
    }

    private static void check(String tag, JsonNode g, UniPcCoefficients c) {
        assertEquals(g.get("order").asInt(), c.order(), tag + "order");
        bits(tag + "sigma_ratio", g.get("sigma_ratio"), c.sigmaRatio());
        bits(tag + "alpha_phi", g.get("alpha_phi"), c.alphaPhi());
        bits(tag + "alpha_B", g.get("alpha_B"), c.alphaB());
        if (g.has("r")) bits(tag + "r", g.get("r"), c.r());
        JsonNode rho = g.get("rho");
        assertEquals(rho == null ? 0 : rho.size(), c.rho().length, tag + "rho length");
        for (int k = 0; rho != null && k < rho.size(); k++) bits(tag + "rho[" + k + "]", rho.get(k), c.rho()[k]);
    }

    /// JSON holds the float32 value printed as a double; its float cast recovers the bits exactly.
    private static void bits(String tag, JsonNode want, float got) {
        float w = (float) want.asDouble();
        assertEquals(Float.floatToRawIntBits(w), Float.floatToRawIntBits(got),
                tag + ": expected " + w + ", got " + got + " (diff " + ((double) got - w) + ")");
    }
}
