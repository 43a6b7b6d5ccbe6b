package dev.gallop.engine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.models.magihuman.MagiHumanConfig;
import org.junit.jupiter.api.Test;

class StepShapeTest {
    @Test void theBenchmarkResolutionsHaveTheIssuesTokenCounts() {
        MagiHumanConfig cfg = MagiHumanConfig.real15B();
        StepShape p256 = StepShape.of(cfg, "256p"), p540 = StepShape.of(cfg, "540p");
        assertEquals(4060, p256.tokens());
        assertEquals(14812, p540.tokens());
        assertEquals(3584, p256.layout().videoTokens());
        assertEquals(301, StepShape.of(cfg, "301").tokens());
        assertThrows(IllegalArgumentException.class, () -> StepShape.of(cfg, "720x"));
    }

    @Test void flopsMatchPerformanceMdsPerTokenCost() {
        StepShape s = StepShape.of(MagiHumanConfig.real15B(), "256p");
        // docs/performance-model.md#flops-per-step: 21.8 GFLOP per token (linear) and 0.82 MFLOP·S per token
        // (attention, 40 layers)
        assertEquals(21.8e9, s.linearFlops() / s.tokens(), 0.1e9);
        assertEquals(819_200.0 * s.tokens() * s.tokens(), s.attentionFlops(), 1);
        assertTrue(s.flops() > 95e12 && s.flops() < 105e12, "256p step ≈ 100 TFLOP, got " + s.flops() / 1e12);
    }
}
