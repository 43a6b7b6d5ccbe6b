package dev.gallop.engine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gallop.engine.models.magihuman.MagiHumanConfig;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CudaBenchConfigTest {
    @Test void fewerLayersKeepTheSandwichPattern() {
        assertEquals(MagiHumanConfig.real15B(), CudaBench.config(40));
        MagiHumanConfig ten = CudaBench.config(10);
        assertEquals(10, ten.layers());
        assertEquals(Set.of(0, 1, 2, 3, 6, 7, 8, 9), ten.mmLayers());
        assertEquals(Set.of(0, 1, 2, 3), ten.gelu7Layers());
        assertEquals(5120, ten.hidden());
        assertEquals(Set.of(0, 1), CudaBench.config(2).mmLayers());
        assertThrows(IllegalArgumentException.class, () -> CudaBench.config(41));
    }
}
