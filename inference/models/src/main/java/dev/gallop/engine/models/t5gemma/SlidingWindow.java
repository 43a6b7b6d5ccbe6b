package dev.gallop.engine.models.t5gemma;

import dev.gallop.engine.backend.AttentionMask;
import java.util.ArrayList;
import java.util.List;

/// The bidirectional sliding window of T5Gemma's sliding layers, as [AttentionMask] key ranges: query i sees key j
/// iff |i − j| < W (transformers 4.5x; 5.x allows |i − j| ≤ W, which is this rule with W + 1). Nothing is causal.
/// Consecutive queries with the same key range share one segment, so a sequence no longer than W gets the full mask.
public final class SlidingWindow {
    private SlidingWindow() {}

    /// Keys [lo, hi) visible from query i: lo = max(0, i − W + 1), hi = min(L, i + W).
    public static int[] keyRange(int query, int tokens, int window) {
        if (window <= 0) throw new IllegalArgumentException("sliding window must be positive, got " + window);
        if (query < 0 || query >= tokens) throw new IndexOutOfBoundsException("query " + query + " of " + tokens + " tokens");
        return new int[] {Math.max(0, query - window + 1), (int) Math.min(tokens, (long) query + window)};
    }

    /// The mask of a sliding layer over `tokens` positions.
    public static AttentionMask mask(int tokens, int window) {
        if (tokens <= 0) throw new IllegalArgumentException("sliding-window mask needs at least one token, got " + tokens);
        List<int[]> segs = new ArrayList<>();   // {qStart, qEnd, kLo, kHi}
        for (int i = 0; i < tokens; i++) {
            int[] r = keyRange(i, tokens, window);
            int[] last = segs.isEmpty() ? null : segs.getLast();
            if (last != null && last[2] == r[0] && last[3] == r[1]) last[1] = i + 1;
            else segs.add(new int[] {i, i + 1, r[0], r[1]});
        }
        int n = segs.size();
        int[] qs = new int[n], qe = new int[n];
        int[][] kr = new int[n][];
        for (int s = 0; s < n; s++) {
            int[] g = segs.get(s);
            qs[s] = g[0];
            qe[s] = g[1];
            kr[s] = new int[] {g[2], g[3]};
        }
        return new AttentionMask(qs, qe, kr);
    }

    /// Per-query key ranges of any mask: ranges[i] = {start0, end0, ...} for query i.
    public static int[][] perQuery(AttentionMask mask, int tokens) {
        int[][] out = new int[tokens][];
        for (int s = 0; s < mask.queryStart().length; s++) {
            for (int i = mask.queryStart()[s]; i < mask.queryEnd()[s]; i++) {
                if (i < 0 || i >= tokens) throw new IllegalArgumentException("attention mask names query " + i + " of " + tokens);
                if (out[i] != null) throw new IllegalArgumentException("attention mask covers query " + i + " twice");
                out[i] = mask.keyRanges()[s];
            }
        }
        for (int i = 0; i < tokens; i++) {
            if (out[i] == null) throw new IllegalArgumentException("attention mask does not cover query " + i + " of " + tokens);
        }
        return out;
    }

    /// The mask as a dense [L, L] table of 1 (visible) and 0 (masked), for traces and tests.
    public static float[] dense(AttentionMask mask, int tokens) {
        int[][] per = perQuery(mask, tokens);
        float[] out = new float[tokens * tokens];
        for (int i = 0; i < tokens; i++) {
            for (int r = 0; r < per[i].length; r += 2) {
                for (int j = per[i][r]; j < per[i][r + 1]; j++) out[i * tokens + j] = 1f;
            }
        }
        return out;
    }
}
