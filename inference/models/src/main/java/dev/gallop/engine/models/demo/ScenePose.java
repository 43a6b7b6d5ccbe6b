package dev.gallop.engine.models.demo;

/// What one frame of a demo scene shows, in coordinates relative to the frame: the shape's centre (x across the
/// width, y down the height, both 0…1), its size as a share of the frame's shorter side, its rotation, how much of
/// each shape it is (weights summing to 1: one 1 for a clean scene, a blend while denoising) and the two colours (RGB
/// 0…1).
public record ScenePose(double x, double y, double size, double angle, double[] shapeWeights, double[] color, double[] background) {
    public ScenePose {
        if (shapeWeights.length != ShapeField.SHAPES || color.length != 3 || background.length != 3) {
            throw new IllegalArgumentException("a scene pose needs 3 shape weights and two RGB colours");
        }
    }
}
