package dev.gallop.engine.bench;

import dev.gallop.engine.models.magihuman.MagiHumanConfig;
import dev.gallop.engine.models.magihuman.TokenLayout;

/// One DiT forward's sequence at a resolution: the token layout [video | audio | text] and its work in FLOPs.
/// `256p` is a 5-s 448×256 clip (32 latent frames of 8×14 patches, 126 audio, 350 text tokens: 4060 tokens);
/// `540p` the 896×512 latent of the SR stage (16×28 patches per frame: 14812 tokens).
public record StepShape(MagiHumanConfig cfg, TokenLayout layout) {

    public static StepShape of(MagiHumanConfig cfg, String resolution) {
        return switch (resolution) {
            case "256p" -> new StepShape(cfg, new TokenLayout(32, 8, 14, 126, 350));
            case "540p" -> new StepShape(cfg, new TokenLayout(32, 16, 28, 126, 350));
            default -> {
                if (!resolution.matches("\\d+")) throw new IllegalArgumentException("resolution must be 256p, 540p or a token count, got " + resolution);
                int n = Integer.parseInt(resolution);
                if (n < 3) throw new IllegalArgumentException("a token count needs at least 3 tokens, got " + n);
                yield new StepShape(cfg, new TokenLayout(1, 1, n - 2, 1, 1));
            }
        };
    }

    public int tokens() { return layout.total(); }

    /// GEMM FLOPs of one forward (one expert per token): 2·N·(qkv + proj + up + down) per layer.
    public double linearFlops() {
        double f = 0;
        for (int l = 0; l < cfg.layers(); l++) {
            double perToken = (double) cfg.qkvWidth() * cfg.hidden() + (double) cfg.hidden() * cfg.hidden()
                    + (double) cfg.mlpUpWidth(l) * cfg.hidden() + (double) cfg.hidden() * cfg.mlpIntermediate(l);
            f += 2 * perToken * tokens();
        }
        return f;
    }

    /// Attention FLOPs: QKᵀ and PV, 4·N²·hidden per layer (every layer full attention).
    public double attentionFlops() { return 4.0 * cfg.hidden() * (double) tokens() * tokens() * cfg.layers(); }

    public double flops() { return linearFlops() + attentionFlops(); }
}
