package dev.gallop.tests.parity.samplers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gallop.engine.sampling.SuperResolution;
import dev.gallop.engine.sampling.ZeroSnrDdpm;
import dev.gallop.tests.parity.GoldenDirs;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/// The SR re-noise constants: the stored bit patterns, and the same values recomputed from the zero-terminal-SNR
/// DDPM table (float64, then rounded to float32).
class SrConstantsParityTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.gallop.tests.parity.samplers.Goldens#folders")
    void constantsMatchGoldenBits(GoldenDirs.Dir dir) {
        JsonNode r = Goldens.schedules(dir).get("sr_renoise");
        int idx = r.get("noise_value_index").asInt();
        assertEquals(SuperResolution.NOISE_INDEX, idx, "noise index");
        assertEquals(hex(r.get("signal_coef_hex")), Float.floatToRawIntBits(SuperResolution.SIGNAL), "signal bits");
        assertEquals(hex(r.get("noise_coef_hex")), Float.floatToRawIntBits(SuperResolution.NOISE), "noise bits");
        float s = (float) ZeroSnrDdpm.signal(idx), n = (float) ZeroSnrDdpm.noise(idx);
        assertEquals(hex(r.get("signal_coef_hex")), Float.floatToRawIntBits(s), "computed signal " + s + " (" + ZeroSnrDdpm.signal(idx) + ")");
        assertEquals(hex(r.get("noise_coef_hex")), Float.floatToRawIntBits(n), "computed noise " + n + " (" + ZeroSnrDdpm.noise(idx) + ")");
    }

    private static int hex(JsonNode h) { return Integer.parseUnsignedInt(h.asText().substring(2), 16); }
}
