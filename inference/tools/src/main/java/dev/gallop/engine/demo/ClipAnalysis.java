package dev.gallop.engine.demo;

import dev.gallop.engine.pipeline.DecodedVideo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/// Reads back from decoded pixels what a demo clip shows: the background and shape colours, the shape, the motion and
/// the frames where the shape touches its lowest point. Used by the prompt-adherence evaluation; checked against the
/// generator's own clips in the tests.
///
/// Per frame: the background is the median colour of the border ring; the shape is the largest 4-connected region of
/// pixels farther than 40 (RGB distance) from it; its colour is the median of its inner pixels (farther than 70 % of
/// the largest distance). Distances and areas are judged relative to the frame's size. The shape's class comes from the 3rd and 4th angular harmonics of its outline ([Outline]:
/// both weak for a circle, the 3rd strongest for a triangle, the 4th for a square), its motion from the centroid
/// track, the area growth and the steady turning of the outline's orientation (spinning).
public final class ClipAnalysis {
    private static final double MASK_DISTANCE = 40;
    private static final int MIN_AREA = 20;

    /// What one frame shows; `area` 0 when no shape was found.
    public record FrameReading(int bgR, int bgG, int bgB, int area, double cx, double cy, Outline outline, boolean[] mask, int fgR, int fgG, int fgB) {}

    /// What the clip shows. `motion` is null when no motion could be recognized; `contacts` are the frames where the
    /// centroid reaches a local lowest point on screen (a bounce, when the shape bounces).
    public record Reading(DemoColor background, DemoColor color, DemoShape shape, DemoMotion motion, List<Integer> contacts,
                          double h3, double h4, double dx, double dy, double growth, int reversals, double rotation) {}

    /// Harmonic strength under which an outline counts as round.
    static final double ROUND = 0.06;

    private ClipAnalysis() {}

    public static Reading read(DecodedVideo v) {
        int n = v.frames();
        // the thresholds were set on 64×64 frames: distances scale with the frame's side, areas with its shorter side²
        double ux = v.width() / 64.0, uy = v.height() / 64.0, side = Math.min(v.width(), v.height()) / 64.0, ua = side * side;
        int minArea = (int) Math.round(MIN_AREA * ua);
        FrameReading[] fr = new FrameReading[n];
        for (int f = 0; f < n; f++) fr[f] = frame(v, f);
        int[] bg = medianRgb(Arrays.stream(fr).flatMapToInt(r -> java.util.stream.IntStream.of(r.bgR, r.bgG, r.bgB)).toArray());
        DemoColor background = DemoColor.nearest(bg[0], bg[1], bg[2], DemoColor.BACKGROUNDS);
        List<FrameReading> seen = Arrays.stream(fr).filter(r -> r.area >= minArea).toList();
        if (seen.size() < n / 2) return new Reading(background, null, null, null, List.of(), 0, 0, 0, 0, 0, 0, 0);
        int[] fg = medianRgb(seen.stream().flatMapToInt(r -> java.util.stream.IntStream.of(r.fgR, r.fgG, r.fgB)).toArray());
        List<DemoColor> shapeColours = DemoColor.SHAPES.stream().filter(c -> c != background).toList();
        DemoColor color = DemoColor.nearest(fg[0], fg[1], fg[2], shapeColours);
        List<FrameReading> big = seen.stream().filter(r -> r.area >= 60 * ua).toList();
        double h3 = median(big.stream().mapToDouble(r -> r.outline.h3()).toArray()), h4 = median(big.stream().mapToDouble(r -> r.outline.h4()).toArray());
        DemoShape shape = Double.isNaN(h3) ? null : Math.max(h3, h4) < ROUND ? DemoShape.CIRCLE : h3 > h4 ? DemoShape.TRIANGLE : DemoShape.SQUARE;

        // centroid track over the frames with a shape; start and end as the mean of the first and last five
        int k = Math.min(5, seen.size() / 2);
        double x0 = seen.subList(0, k).stream().mapToDouble(FrameReading::cx).average().orElse(0);
        double x1 = seen.subList(seen.size() - k, seen.size()).stream().mapToDouble(FrameReading::cx).average().orElse(0);
        double y0 = seen.subList(0, k).stream().mapToDouble(FrameReading::cy).average().orElse(0);
        double y1 = seen.subList(seen.size() - k, seen.size()).stream().mapToDouble(FrameReading::cy).average().orElse(0);
        double a0 = seen.subList(0, k).stream().mapToDouble(FrameReading::area).average().orElse(1);
        double a1 = seen.subList(seen.size() - k, seen.size()).stream().mapToDouble(FrameReading::area).average().orElse(1);
        double dx = x1 - x0, dy = y1 - y0, growth = a1 / a0;
        double[] cy = new double[n];
        for (int f = 0; f < n; f++) cy[f] = fr[f].area >= minArea ? fr[f].cy : Double.NaN;
        List<Integer> contacts = new ArrayList<>();
        int reversals = reversals(cy, 4.0 * uy, contacts);
        double range = Arrays.stream(cy).filter(d -> !Double.isNaN(d)).max().orElse(0) - Arrays.stream(cy).filter(d -> !Double.isNaN(d)).min().orElse(0);
        double[] turn = shape == null || shape == DemoShape.CIRCLE ? new double[2] : rotation(seen, h3 > h4 ? 3 : 4);
        double rotation = turn[0];
        DemoMotion motion;
        if (growth > 2.5) motion = DemoMotion.GROWING;
        else if (Math.abs(dx) > 15 * ux && Math.abs(dx / ux) > 2 * Math.abs(dy / uy)) motion = dx > 0 ? DemoMotion.LEFT_TO_RIGHT : DemoMotion.RIGHT_TO_LEFT;
        else if (reversals >= 2 && range >= 10 * uy) motion = DemoMotion.BOUNCING;
        else if (Math.abs(dy) > 15 * uy) motion = dy < 0 ? DemoMotion.UP : DemoMotion.DOWN;
        else if (Math.abs(turn[0]) > 1.0 && Math.abs(turn[0]) > 0.5 * turn[1]) motion = DemoMotion.SPINNING;
        else motion = null;
        return new Reading(background, color, shape, motion, List.copyOf(contacts), h3, h4, dx, dy, growth, reversals, rotation);
    }

    /// Counts direction reversals of a track with hysteresis `h` (pixels) and records the frames of its local maxima
    /// of y (lowest points on screen) into `maxima`. NaN entries are skipped.
    static int reversals(double[] y, double h, List<Integer> maxima) {
        int dir = 0, count = 0, ext = -1, lo = -1, hi = -1;
        for (int f = 0; f < y.length; f++) {
            if (Double.isNaN(y[f])) continue;
            if (lo < 0) {
                lo = hi = f;
                continue;
            }
            if (dir == 0) {
                if (y[f] > y[hi]) hi = f;
                if (y[f] < y[lo]) lo = f;
                if (y[hi] - y[lo] > h) {
                    dir = hi > lo ? 1 : -1;
                    ext = dir > 0 ? hi : lo;
                }
            } else if (dir > 0) {                    // moving down the screen: ext is the running maximum
                if (y[f] > y[ext]) {
                    ext = f;
                } else if (y[ext] - y[f] > h) {
                    maxima.add(ext);
                    count++;
                    dir = -1;
                    ext = f;
                }
            } else {                                  // moving up: ext is the running minimum
                if (y[f] < y[ext]) {
                    ext = f;
                } else if (y[f] - y[ext] > h) {
                    count++;
                    dir = 1;
                    ext = f;
                }
            }
        }
        return count;
    }

    /// Net and total turning (radians) of the outline's orientation (phase of harmonic k over k) across the frames;
    /// each step is taken as the smallest turn, so it stays below 180°/k.
    static double[] rotation(List<FrameReading> frames, int k) {
        double net = 0, path = 0, period = 2 * Math.PI / k;
        for (int f = 1; f < frames.size(); f++) {
            double a = phase(frames.get(f - 1).outline, k) / k, b = phase(frames.get(f).outline, k) / k;
            double d = b - a;
            d -= period * Math.round(d / period);
            net += d;
            path += Math.abs(d);
        }
        return new double[] {net, path};
    }

    private static double phase(Outline o, int k) { return k == 3 ? o.phase3() : o.phase4(); }

    /// One frame: background from the border ring, the largest region far from it, its centroid, extent and colour.
    public static FrameReading frame(DecodedVideo v, int f) {
        int w = v.width(), h = v.height();
        List<Integer> ring = new ArrayList<>();
        for (int x = 0; x < w; x++) {
            ring.add(v.rgb(f, 0, x));
            ring.add(v.rgb(f, h - 1, x));
        }
        for (int y = 1; y < h - 1; y++) {
            ring.add(v.rgb(f, y, 0));
            ring.add(v.rgb(f, y, w - 1));
        }
        int[] bg = medianRgb(ring.stream().flatMapToInt(p -> java.util.stream.IntStream.of(p >> 16 & 255, p >> 8 & 255, p & 255)).toArray());
        double[] dist = new double[w * h];
        boolean[] far = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = v.rgb(f, y, x);
                double d = Math.sqrt(sq((p >> 16 & 255) - bg[0]) + sq((p >> 8 & 255) - bg[1]) + sq((p & 255) - bg[2]));
                dist[y * w + x] = d;
                far[y * w + x] = d > MASK_DISTANCE;
            }
        }
        boolean[] mask = largestComponent(far, w, h);
        int area = 0;
        double sx = 0, sy = 0, maxd = 0;
        for (int i = 0; i < mask.length; i++) {
            if (!mask[i]) continue;
            area++;
            sx += i % w + 0.5;
            sy += i / w + 0.5;
            maxd = Math.max(maxd, dist[i]);
        }
        if (area == 0) return new FrameReading(bg[0], bg[1], bg[2], 0, 0, 0, new Outline(0, 0, 0, 0), mask, 0, 0, 0);
        double cx = sx / area, cy = sy / area;
        List<Integer> inner = new ArrayList<>();
        for (int i = 0; i < mask.length; i++) {
            if (!mask[i]) continue;
            if (dist[i] >= 0.7 * maxd) inner.add(v.rgb(f, i / w, i % w));
        }
        int[] fg = medianRgb(inner.stream().flatMapToInt(p -> java.util.stream.IntStream.of(p >> 16 & 255, p >> 8 & 255, p & 255)).toArray());
        return new FrameReading(bg[0], bg[1], bg[2], area, cx, cy, Outline.of(mask, w, cx, cy), mask, fg[0], fg[1], fg[2]);
    }

    private static double sq(double x) { return x * x; }

    private static boolean[] largestComponent(boolean[] on, int w, int h) {
        int[] label = new int[on.length];
        int best = 0, bestSize = 0, next = 0;
        int[] stack = new int[on.length];
        for (int s = 0; s < on.length; s++) {
            if (!on[s] || label[s] != 0) continue;
            int id = ++next, size = 0, top = 0;
            stack[top++] = s;
            label[s] = id;
            while (top > 0) {
                int i = stack[--top];
                size++;
                int x = i % w, y = i / w;
                int[] nb = {x > 0 ? i - 1 : -1, x < w - 1 ? i + 1 : -1, y > 0 ? i - w : -1, y < h - 1 ? i + w : -1};
                for (int j : nb) {
                    if (j >= 0 && on[j] && label[j] == 0) {
                        label[j] = id;
                        stack[top++] = j;
                    }
                }
            }
            if (size > bestSize) {
                bestSize = size;
                best = id;
            }
        }
        boolean[] out = new boolean[on.length];
        for (int i = 0; i < on.length; i++) out[i] = best != 0 && label[i] == best;
        return out;
    }

    /// Per-channel median of interleaved RGB triples.
    private static int[] medianRgb(int[] rgb) {
        int n = rgb.length / 3;
        if (n == 0) return new int[3];
        int[] out = new int[3];
        for (int c = 0; c < 3; c++) {
            int[] ch = new int[n];
            for (int i = 0; i < n; i++) ch[i] = rgb[i * 3 + c];
            Arrays.sort(ch);
            out[c] = ch[n / 2];
        }
        return out;
    }

    private static double median(double[] v) {
        if (v.length == 0) return Double.NaN;
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
