package dev.gallop.app.ui;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;

/// A waveform (or envelope) strip: values in [0, 1] drawn mirrored around the middle, with an optional position
/// marker.
public final class WaveformView extends Region {
    private final Canvas canvas = new Canvas();
    private float[] values = new float[0];
    private double marker = -1;

    public WaveformView() {
        getChildren().add(canvas);
        setMinHeight(36);
        setPrefHeight(44);
        getStyleClass().add("waveform");
    }

    public void setValues(float[] v) {
        values = v == null ? new float[0] : v;
        draw();
    }

    /// Marks a position as a fraction of the length (negative hides it).
    public void setMarker(double fraction) {
        marker = fraction;
        draw();
    }

    @Override protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        draw();
    }

    private void draw() {
        double w = getWidth(), h = getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.setFill(Color.web("#17191d"));
        g.fillRect(0, 0, w, h);
        if (values.length == 0 || w <= 0) return;
        g.setStroke(Color.web("#5fd4a0"));
        g.setLineWidth(1);
        double mid = h / 2;
        for (int x = 0; x < (int) w; x++) {
            int i = (int) Math.min(values.length - 1, x / w * values.length);
            double a = Math.abs(values[i]) * (h / 2 - 2);
            g.strokeLine(x + 0.5, mid - a, x + 0.5, mid + a);
        }
        if (marker >= 0) {
            g.setStroke(Color.web("#ff5a5a"));
            g.strokeLine(marker * w, 0, marker * w, h);
        }
    }
}
