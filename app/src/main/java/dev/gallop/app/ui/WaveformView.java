package dev.gallop.app.ui;

import dev.gallop.app.media.WaveformPeaks;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;

/// A waveform strip: one vertical line per column from its lowest to its highest value (scaled so the largest
/// magnitude fills the strip), with an optional position marker.
public final class WaveformView extends Region {
    private final Canvas canvas = new Canvas();
    private WaveformPeaks peaks;
    private double marker = -1;

    public WaveformView() {
        getChildren().add(canvas);
        setMinHeight(36);
        setPrefHeight(44);
        setMinWidth(40);
        getStyleClass().add("waveform");
    }

    public void setPeaks(WaveformPeaks p) {
        peaks = p;
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
        if (peaks == null || peaks.columns() == 0 || w <= 0) return;
        float scale = 0;
        for (int i = 0; i < peaks.columns(); i++) scale = Math.max(scale, Math.max(Math.abs(peaks.min()[i]), Math.abs(peaks.max()[i])));
        if (scale == 0) scale = 1;
        g.setStroke(Color.web("#5fd4a0"));
        g.setLineWidth(1);
        double mid = h / 2, half = h / 2 - 2;
        for (int x = 0; x < (int) w; x++) {
            int i = (int) Math.min(peaks.columns() - 1, x / w * peaks.columns());
            // each column spans its lowest to highest value and always touches the zero line, so an envelope (one
            // value per column) reads as bars and a real waveform as its usual outline
            double top = Math.max(peaks.max()[i], 0) / scale * half, bottom = Math.min(peaks.min()[i], 0) / scale * half;
            g.strokeLine(x + 0.5, mid - top, x + 0.5, mid - bottom + 0.5);
        }
        if (marker >= 0) {
            g.setStroke(Color.web("#ff5a5a"));
            g.strokeLine(marker * w, 0, marker * w, h);
        }
    }
}
