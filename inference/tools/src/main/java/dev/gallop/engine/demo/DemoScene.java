package dev.gallop.engine.demo;

import dev.gallop.engine.models.demo.DemoFormat;
import dev.gallop.engine.models.demo.ScenePose;
import dev.gallop.engine.models.demo.ShapeField;
import java.util.SplittableRandom;

/// One concrete clip of a [DemoSpec]: where the shape starts and ends, its size, the bounce period and phase, the
/// spin direction. Positions are relative to the frame (x across the width, y down the height, 0…1) and sizes to
/// its shorter side, so one scene draws at any picture size. Times are in video frames (25 fps); the motion spans the
/// clip's `duration` frames and holds its end pose after that, except bouncing, which keeps its period.
///
/// @param x0 @param y0 centre at the start
/// @param x1 @param y1 centre at the end
/// @param s0 @param s1 size at the start and the end (they differ only when growing)
/// @param angle0      rotation at the start (radians; nonzero only when spinning)
/// @param spin        rotation speed (radians per second; nonzero only when spinning)
/// @param period      frames between two bounces (bouncing only)
/// @param firstContact frame of the first floor contact (bouncing only; contacts repeat every `period` frames)
/// @param apex        bounce height as a share of the frame's height (bouncing only)
public record DemoScene(DemoSpec spec, double x0, double y0, double x1, double y1, double s0, double s1,
                        double angle0, double spin, int period, int firstContact, double apex) {
    /// One 64th of the frame: the unit the motions were first drawn in.
    private static final double U = 1 / 64.0;

    /// Centre, size and rotation of the shape at frame `f` (may be fractional) of a clip of `duration` frames.
    public record Pose(double cx, double cy, double s, double angle) {}

    /// Draws the motion parameters for `spec`.
    public static DemoScene sample(DemoSpec spec, SplittableRandom r) {
        double s = (9 + 3 * r.nextDouble()) * U;
        double jx = r.nextDouble(-8, 8) * U, jy = r.nextDouble(-8, 8) * U;
        double near = 16 * U, far = 1 - 16 * U;
        return switch (spec.motion()) {
            case LEFT_TO_RIGHT -> new DemoScene(spec, near + j(r), 0.5 + jy, far + j(r), 0.5 + jy, s, s, 0, 0, 0, 0, 0);
            case RIGHT_TO_LEFT -> new DemoScene(spec, far + j(r), 0.5 + jy, near + j(r), 0.5 + jy, s, s, 0, 0, 0, 0, 0);
            case UP -> new DemoScene(spec, 0.5 + jx, far + j(r), 0.5 + jx, near + j(r), s, s, 0, 0, 0, 0, 0);
            case DOWN -> new DemoScene(spec, 0.5 + jx, near + j(r), 0.5 + jx, far + j(r), s, s, 0, 0, 0, 0, 0);
            case BOUNCING -> {
                int period = 14 + r.nextInt(7);
                double floor = 1 - (14 + r.nextDouble(-1.5, 1.5)) * U;
                yield new DemoScene(spec, 0.5 + jx, floor, 0.5 + jx, floor, s, s, 0, 0, period, 2 + r.nextInt(period - 1), (24 + 4 * r.nextDouble()) * U);
            }
            case GROWING -> {
                double cx = 0.5 + jx * 0.75, cy = 0.5 + jy * 0.75;
                yield new DemoScene(spec, cx, cy, cx, cy, (4.5 + r.nextDouble()) * U, (16 + 2 * r.nextDouble()) * U, 0, 0, 0, 0, 0);
            }
            case SPINNING -> {
                double cx = 0.5 + jx * 0.75, cy = 0.5 + jy * 0.75;
                yield new DemoScene(spec, cx, cy, cx, cy, s + U, s + U, r.nextDouble(0, Math.PI),
                        (r.nextBoolean() ? 1 : -1) * Math.PI * (0.9 + 0.2 * r.nextDouble()), 0, 0, 0);
            }
        };
    }

    private static double j(SplittableRandom r) { return r.nextDouble(-3, 3) * U; }

    /// The pose at frame `f` of a clip whose motion spans frames 0..`duration`.
    public Pose pose(double f, double duration) {
        double p = Math.clamp(f / duration, 0, 1);
        double cx = x0 + (x1 - x0) * p, cy = y0 + (y1 - y0) * p, s = s0 + (s1 - s0) * p;
        if (spec.motion() == DemoMotion.BOUNCING) {
            double phase = Math.floorMod((long) Math.floor(f) - firstContact, period) + (f - Math.floor(f));
            double u = phase / period;
            cy = y0 - apex * 4 * u * (1 - u);
        }
        return new Pose(cx, cy, s, angle0 + spin * f / DemoFormat.FPS);
    }

    /// What frame `f` of a clip of `duration` frames shows, for the renderer and the latent.
    public ScenePose scenePose(double f, double duration) {
        Pose p = pose(f, duration);
        double[] w = new double[ShapeField.SHAPES];
        w[spec.shape().ordinal()] = 1;
        return new ScenePose(p.cx(), p.cy(), p.s(), p.angle(), w, spec.color().rgb(), spec.background().rgb());
    }

    /// Whether the shape touches the floor at frame `f` (a bounce: the sound has a click there).
    public boolean contact(int f) {
        return spec.motion() == DemoMotion.BOUNCING && f > 0 && Math.floorMod(f - firstContact, period) == 0;
    }
}
