package dev.gallop.engine.models.magihuman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class MagiHumanConfigTest {
    @Test void real15BHasTheReleasedShapeAndParameterCount() {
        MagiHumanConfig c = MagiHumanConfig.real15B();
        assertEquals(7208, c.qkvWidth());
        assertEquals(13652, c.swiglu7Intermediate());
        assertEquals(27304, c.mlpUpWidth(4));
        assertEquals(20480, c.mlpUpWidth(0));
        assertEquals(3, c.experts(37));
        assertEquals(1, c.experts(20));
        // docs/models/magihuman.md#parameter-count: 15.299 B parameters in total
        assertEquals(15.299, c.parameterCount() / 1e9, 0.0005);
    }

    @Test void sr1080pUsesLocalAttentionExceptEveryFourthLayerUpTo31() {
        MagiHumanConfig c = MagiHumanConfig.real15B1080pSr();
        assertEquals(32, c.localAttnLayers().size());
        for (int l : new int[] {3, 7, 11, 15, 19, 23, 27, 31}) assertTrue(!c.localAttnLayers().contains(l));
        assertEquals(MagiHumanConfig.TextCoords.V1, c.textCoords());
    }

    @Test void badConfigNamesTheKey() throws Exception {
        var json = new ObjectMapper().readTree("{\"hidden_size\": 256, \"num_layers\": 4, \"num_heads_kv\": 3, \"mm_layers\": [0], \"gelu7_layers\": [0]}");
        var e = assertThrows(IllegalArgumentException.class, () -> MagiHumanConfig.fromJson(json));
        assertTrue(e.getMessage().contains("num_heads_kv"), e.getMessage());
        var missing = new ObjectMapper().readTree("{\"num_layers\": 4}");
        var e2 = assertThrows(IllegalArgumentException.class, () -> MagiHumanConfig.fromJson(missing));
        assertTrue(e2.getMessage().contains("hidden_size"), e2.getMessage());
        var outOfRange = new ObjectMapper().readTree("{\"hidden_size\": 256, \"num_layers\": 2, \"num_heads_kv\": 1, \"mm_layers\": [5], \"gelu7_layers\": []}");
        var e3 = assertThrows(IllegalArgumentException.class, () -> MagiHumanConfig.fromJson(outOfRange));
        assertTrue(e3.getMessage().contains("layer index 5"), e3.getMessage());
    }

    @Test void patchPackingRoundTripsThroughBothOrders() {
        int c = 3, t = 2, h = 4, w = 6;
        float[] latent = new float[c * t * h * w];
        for (int i = 0; i < latent.length; i++) latent[i] = i;
        float[] packed = PatchPacking.pack(latent, c, t, h, w);
        // channel-major input: token 0 features are (c0: 4 pixels), (c1: 4 pixels), ...
        assertEquals(latent[0], packed[0]);
        assertEquals(latent[1], packed[1]);            // pw = 1
        assertEquals(latent[w], packed[2]);            // ph = 1
        assertEquals(latent[t * h * w], packed[4]);    // next channel
        // output order (ph, pw, c): re-order packed features to that layout and unpack
        int n = t * (h / 2) * (w / 2);
        float[] out = new float[packed.length];
        for (int tok = 0; tok < n; tok++) {
            for (int ch = 0; ch < c; ch++) {
                for (int p = 0; p < 4; p++) out[tok * 4 * c + p * c + ch] = packed[tok * 4 * c + ch * 4 + p];
            }
        }
        float[] back = PatchPacking.unpack(out, c, t, h, w);
        for (int i = 0; i < latent.length; i++) assertEquals(latent[i], back[i]);
    }
}
