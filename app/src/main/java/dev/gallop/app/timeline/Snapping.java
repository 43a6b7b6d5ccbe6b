package dev.gallop.app.timeline;

import java.util.Collection;

/// Snaps a frame to the nearest target within a tolerance (clip edges, the playhead, frame 0).
public final class Snapping {
    private Snapping() {}

    public static int snap(int frame, Collection<Integer> targets, int tolerance) {
        int best = frame, bestDist = tolerance + 1;
        for (int t : targets) {
            int d = Math.abs(t - frame);
            if (d < bestDist) {
                best = t;
                bestDist = d;
            }
        }
        return best;
    }
}
