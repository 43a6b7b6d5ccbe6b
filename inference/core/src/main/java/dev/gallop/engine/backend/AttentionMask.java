package dev.gallop.engine.backend;

import java.util.Arrays;

/// Which keys each query may attend to, as query segments that each carry a list of key intervals.
/// `full(n)` is the mask-free case; the 1080p SR model's frame-window attention is built by
/// [#frameWindow(int, int, int, int)].
///
/// @param queryStart start of each query segment (inclusive)
/// @param queryEnd   end of each query segment (exclusive)
/// @param keyRanges  for each segment, pairs {start0, end0, start1, end1, ...} of allowed key positions
public record AttentionMask(int[] queryStart, int[] queryEnd, int[][] keyRanges) {

    public AttentionMask {
        if (queryStart.length != queryEnd.length || queryStart.length != keyRanges.length) {
            throw new IllegalArgumentException("attention mask arrays differ in length");
        }
        for (int[] r : keyRanges) {
            if (r.length % 2 != 0) throw new IllegalArgumentException("key ranges must come in start/end pairs: " + Arrays.toString(r));
        }
    }

    public static AttentionMask full(int tokens) {
        return new AttentionMask(new int[] {0}, new int[] {tokens}, new int[][] {{0, tokens}});
    }

    public boolean isFull(int tokens) {
        return queryStart.length == 1 && queryStart[0] == 0 && queryEnd[0] == tokens
                && keyRanges[0].length == 2 && keyRanges[0][0] == 0 && keyRanges[0][1] == tokens;
    }

    /// Frame-window local attention: video queries of latent frame f see video keys of frames
    /// [f - window, f + window] (clipped) plus every non-video key; non-video queries see everything.
    /// Video tokens are the first `frames * tokensPerFrame` positions of a sequence of `total` tokens.
    public static AttentionMask frameWindow(int frames, int tokensPerFrame, int total, int window) {
        int video = frames * tokensPerFrame;
        if (video > total) throw new IllegalArgumentException("video tokens " + video + " exceed sequence length " + total);
        int[] qs = new int[frames + 1], qe = new int[frames + 1];
        int[][] kr = new int[frames + 1][];
        for (int f = 0; f < frames; f++) {
            int lo = Math.max(0, f - window), hi = Math.min(frames - 1, f + window);
            qs[f] = f * tokensPerFrame;
            qe[f] = (f + 1) * tokensPerFrame;
            kr[f] = video < total ? new int[] {lo * tokensPerFrame, (hi + 1) * tokensPerFrame, video, total}
                                  : new int[] {lo * tokensPerFrame, (hi + 1) * tokensPerFrame};
        }
        qs[frames] = video;
        qe[frames] = total;
        kr[frames] = new int[] {0, total};
        return new AttentionMask(qs, qe, kr);
    }

    /// Number of (query, key) pairs this mask admits, for FLOP accounting.
    public long pairs() {
        long p = 0;
        for (int s = 0; s < queryStart.length; s++) {
            long keys = 0;
            for (int i = 0; i < keyRanges[s].length; i += 2) keys += keyRanges[s][i + 1] - keyRanges[s][i];
            p += (long) (queryEnd[s] - queryStart[s]) * keys;
        }
        return p;
    }
}
