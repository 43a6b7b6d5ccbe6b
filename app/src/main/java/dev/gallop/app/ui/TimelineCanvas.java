package dev.gallop.app.ui;

import dev.gallop.app.media.WaveformPeaks;
import dev.gallop.app.timeline.Clip;
import dev.gallop.app.timeline.Timecode;
import dev.gallop.app.timeline.Timeline;
import dev.gallop.app.timeline.TimelineViewModel;
import dev.gallop.app.timeline.Track;
import javafx.beans.Observable;
import javafx.geometry.VPos;
import javafx.scene.Cursor;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.Image;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/// The timeline control: a canvas drawing the ruler with timecode, the tracks with their clips (thumbnails on
/// video, waveforms on audio), marks and the playhead. Mouse: click the ruler to seek, click a clip to select,
/// drag its body to move, drag an edge to trim, Ctrl+wheel to zoom, wheel to scroll. Every change goes through the
/// [TimelineViewModel]; this class only draws and translates gestures.
public final class TimelineCanvas extends Region {
    private static final Color BG = Color.web("#1b1d22"), LANE = Color.web("#24272e"), RULER_BG = Color.web("#2b2f37"),
            TEXT = Color.web("#c9ced8"), VIDEO = Color.web("#3d6fb6"), AUDIO = Color.web("#3f8f6a"), SELECT = Color.web("#f5c451"),
            PLAYHEAD = Color.web("#ff5a5a"), MARK = Color.web("#7cc4ff", 0.18), MARKER = Color.web("#f5c451"), WAVE = Color.web("#d6f5e6"),
            APPROVED = Color.web("#57d38c"), TOGGLE_ON = Color.web("#e5a23d"), LOCKED = Color.web("#000000", 0.35);

    private final TimelineViewModel vm;
    private final Canvas canvas = new Canvas();
    private ClipMedia media = ClipMedia.NONE;
    private TimelineGeometry.Hit drag;
    private double dragX;
    private int previewDelta;
    private Runnable onClipClicked = () -> { };
    private java.util.function.BooleanSupplier verticalOverflow = () -> false;

    public TimelineCanvas(TimelineViewModel vm) {
        this.vm = vm;
        getChildren().add(canvas);
        canvas.setManaged(false);    // the drawing follows the control's size, never the other way round
        getStyleClass().add("timeline-canvas");
        setMinHeight(TimelineGeometry.height(vm.timeline()) + 8);
        setPrefHeight(TimelineGeometry.height(vm.timeline()) + 8);
        vm.timelineProperty().addListener((o, a, b) -> {
            setMinHeight(TimelineGeometry.height(b) + 8);
            setPrefHeight(TimelineGeometry.height(b) + 8);
        });
        for (Observable o : new Observable[] {vm.timelineProperty(), vm.playheadProperty(), vm.zoomProperty(), vm.scrollProperty(), vm.selectedProperty(),
                vm.markInProperty(), vm.markOutProperty(), widthProperty(), heightProperty()}) {
            o.addListener(x -> redraw());
        }
        vm.playheadProperty().addListener((o, a, b) -> keepPlayheadVisible());
        addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        addEventHandler(MouseEvent.MOUSE_RELEASED, this::released);
        addEventHandler(MouseEvent.MOUSE_MOVED, e -> setCursor(switch (geometry().hit(vm.timeline(), e.getX(), e.getY()).part()) {
            case LEFT_EDGE, RIGHT_EDGE -> Cursor.H_RESIZE;
            case BODY -> Cursor.MOVE;
            default -> Cursor.DEFAULT;
        }));
        addEventHandler(ScrollEvent.SCROLL, this::scrolled);
    }

    /// Called when the user clicks a clip (the window then shows the inspector).
    public void setOnClipClicked(Runnable r) { onClipClicked = r == null ? () -> { } : r; }

    public void setMedia(ClipMedia m) {
        media = m == null ? ClipMedia.NONE : m;
        redraw();
    }

    /// What the canvas draws inside clips (thumbnails, waveforms).
    public ClipMedia media() { return media; }

    /// Redraws (media finished loading).
    public void refresh() { redraw(); }

    public TimelineGeometry geometry() { return new TimelineGeometry(vm.zoomProperty().get(), vm.scrollProperty().get()); }

    @Override protected double computeMinWidth(double height) { return 200; }

    @Override protected double computePrefWidth(double height) { return 600; }

    @Override protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        redraw();
    }

    private void keepPlayheadVisible() {
        double x = geometry().x(vm.playheadProperty().get()), scroll = vm.scrollProperty().get();
        if (x < TimelineGeometry.HEADER) vm.scrollProperty().set(Math.max(0, scroll - (TimelineGeometry.HEADER - x) - 40));
        else if (x > getWidth() - 20) vm.scrollProperty().set(scroll + x - getWidth() + 80);
    }

    private void pressed(MouseEvent e) {
        requestFocus();
        TimelineGeometry.Hit h = geometry().hit(vm.timeline(), e.getX(), e.getY());
        drag = null;
        previewDelta = 0;
        switch (h.part()) {
            case MUTE -> vm.toggleMute(h.trackId());
            case SOLO -> vm.toggleSolo(h.trackId());
            case LOCK -> vm.toggleLock(h.trackId());
            case RULER -> vm.seek(h.frame());
            case EMPTY -> {
                vm.select(null);
                if (e.getY() >= TimelineGeometry.RULER) vm.seek(h.frame());
            }
            default -> {
                vm.select(h.clipId());
                drag = h;
                dragX = e.getX();
                onClipClicked.run();
            }
        }
    }

    private void dragged(MouseEvent e) {
        if (drag == null) {
            if (e.getY() < TimelineGeometry.RULER) vm.seek(geometry().frame(e.getX()));
            return;
        }
        previewDelta = (int) Math.round((e.getX() - dragX) / vm.zoomProperty().get());
        redraw();
    }

    private void released(MouseEvent e) {
        String over = drag == null ? null : geometry().trackAt(vm.timeline(), e.getY()).map(Track::id).orElse(null);
        boolean otherTrack = drag != null && drag.part() == TimelineGeometry.Part.BODY && over != null && !over.equals(drag.trackId());
        if (drag == null || previewDelta == 0 && !otherTrack) {
            drag = null;
            redraw();
            return;
        }
        Clip c = vm.timeline().clip(drag.clipId());
        String track = vm.timeline().trackOf(c.id()).id();
        switch (drag.part()) {
            case BODY -> {
                String target = geometry().trackAt(vm.timeline(), e.getY()).filter(t -> t.kind() == vm.timeline().track(track).kind())
                        .map(Track::id).orElse(track);
                vm.move(c.id(), target, c.start() + previewDelta);
            }
            case LEFT_EDGE -> vm.trim(c.id(), true, c.start() + previewDelta);
            case RIGHT_EDGE -> vm.trim(c.id(), false, c.end() + previewDelta);
            default -> { }
        }
        drag = null;
        previewDelta = 0;
        redraw();
    }

    /// Whether the lanes are taller than what shows of them (the plain wheel then scrolls them up and down).
    public void setVerticalOverflow(java.util.function.BooleanSupplier s) { verticalOverflow = s; }

    private void scrolled(ScrollEvent e) {
        if (!e.isControlDown() && !e.isShiftDown() && e.getDeltaX() == 0 && verticalOverflow.getAsBoolean()) return;    // the lanes scroll
        if (e.isControlDown()) {
            if (e.getDeltaY() > 0) vm.zoomIn(); else if (e.getDeltaY() < 0) vm.zoomOut();
        } else {
            double d = e.getDeltaX() != 0 ? e.getDeltaX() : e.getDeltaY();
            vm.scrollProperty().set(Math.clamp(vm.scrollProperty().get() - d, 0, Math.max(vm.scrollProperty().get(), vm.maxScroll(getWidth() - TimelineGeometry.HEADER))));
        }
        e.consume();
    }

    private void redraw() {
        double w = getWidth(), h = getHeight();
        if (w <= 0 || h <= 0) return;
        GraphicsContext g = canvas.getGraphicsContext2D();
        Timeline t = vm.timeline();
        TimelineGeometry geo = geometry();
        g.setFill(BG);
        g.fillRect(0, 0, w, h);
        drawRuler(g, t, geo, w);
        java.util.Set<String> group = new java.util.HashSet<>();
        if (vm.selectedProperty().get() != null && t.find(vm.selectedProperty().get()).isPresent()) {
            for (Clip c : vm.linkedGroup(vm.selectedProperty().get())) group.add(c.id());
        }
        var lanes = TimelineGeometry.lanes(t);
        for (int i = 0; i < lanes.size(); i++) drawTrack(g, t, lanes.get(i), TimelineGeometry.laneTop(t, i), geo, w, group);
        drawMarkers(g, t, geo, h);
        int in = vm.markInProperty().get(), out = vm.markOutProperty().get();
        if (in >= 0 || out >= 0) {
            double l = geo.x(Math.max(0, in)), r = out >= 0 ? geo.x(out) : w;
            g.setFill(MARK);
            g.fillRect(Math.max(TimelineGeometry.HEADER, l), 0, Math.max(0, r - Math.max(TimelineGeometry.HEADER, l)), h);
        }
        double px = geo.x(vm.playheadProperty().get());
        if (px >= TimelineGeometry.HEADER) {
            g.setStroke(PLAYHEAD);
            g.setLineWidth(1.5);
            g.strokeLine(px, 0, px, h);
            g.setFill(PLAYHEAD);
            g.fillPolygon(new double[] {px - 6, px + 6, px}, new double[] {0, 0, 9}, 3);
        }
    }

    private void drawRuler(GraphicsContext g, Timeline t, TimelineGeometry geo, double w) {
        g.setFill(RULER_BG);
        g.fillRect(0, 0, w, TimelineGeometry.RULER);
        g.setFont(Font.font(10));
        g.setTextBaseline(VPos.TOP);
        g.setTextAlign(TextAlignment.LEFT);
        int step = geo.labelStep(t.fps(), 90);
        int first = Math.max(0, geo.frame(TimelineGeometry.HEADER) / step * step);
        g.setStroke(TEXT.deriveColor(0, 1, 1, 0.5));
        g.setLineWidth(1);
        for (int f = first; geo.x(f) < w; f += step) {
            double x = Math.floor(geo.x(f)) + 0.5;
            if (x < TimelineGeometry.HEADER) continue;
            g.strokeLine(x, TimelineGeometry.RULER - 8, x, TimelineGeometry.RULER);
            g.setFill(TEXT);
            g.fillText(Timecode.format(f, t.fps()), x + 3, 4);
        }
    }

    private void drawMarkers(GraphicsContext g, Timeline t, TimelineGeometry geo, double h) {
        g.setFont(Font.font(10));
        g.setTextBaseline(VPos.TOP);
        for (var m : t.markers()) {
            double x = Math.floor(geo.x(m.frame())) + 0.5;
            if (x < TimelineGeometry.HEADER) continue;
            g.setStroke(MARKER.deriveColor(0, 1, 1, 0.6));
            g.setLineWidth(1);
            g.setLineDashes(3, 3);
            g.strokeLine(x, TimelineGeometry.RULER, x, h);
            g.setLineDashes((double[]) null);
            g.setFill(MARKER);
            g.fillPolygon(new double[] {x - 5, x + 5, x + 5, x, x - 5}, new double[] {TimelineGeometry.RULER - 14, TimelineGeometry.RULER - 14,
                    TimelineGeometry.RULER - 6, TimelineGeometry.RULER - 1, TimelineGeometry.RULER - 6}, 5);
            g.fillText(m.name(), x + 7, TimelineGeometry.RULER - 15);
        }
    }

    private void drawTrack(GraphicsContext g, Timeline t, Track tr, double top, TimelineGeometry geo, double w, java.util.Set<String> group) {
        double lh = TimelineGeometry.laneHeight(tr);
        g.setFill(LANE);
        g.fillRect(0, top, w, lh);
        for (Clip c : tr.clips()) {
            int delta = drag != null && c.id().equals(drag.clipId()) ? previewDelta : 0;
            int start = c.start(), end = c.end();
            if (delta != 0) {
                switch (drag.part()) {
                    case BODY -> { start += delta; end += delta; }
                    case LEFT_EDGE -> start = Math.min(end - 1, start + delta);
                    case RIGHT_EDGE -> end = Math.max(start + 1, end + delta);
                    default -> { }
                }
            }
            drawClip(g, tr, c, geo.x(start), geo.x(end), top, lh, c.id().equals(vm.selectedProperty().get()), group.contains(c.id()));
        }
        if (tr.locked()) {
            g.setFill(LOCKED);
            g.fillRect(TimelineGeometry.HEADER, top, w - TimelineGeometry.HEADER, lh);
        }
        g.setFill(RULER_BG);
        g.fillRect(0, top, TimelineGeometry.HEADER, lh);
        g.setFill(TEXT);
        g.setFont(Font.font(12));
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText(tr.id(), 8, top + lh / 2);
        double by = TimelineGeometry.buttonTop(tr, top);
        boolean video = tr.kind() == Track.Kind.VIDEO;
        toggle(g, TimelineGeometry.MUTE_X, by, video ? "H" : "M", tr.muted());
        if (!video) toggle(g, TimelineGeometry.SOLO_X, by, "S", tr.solo());
        toggle(g, TimelineGeometry.LOCK_X, by, "L", tr.locked());
    }

    /// A header toggle: filled when on.
    private static void toggle(GraphicsContext g, double x, double y, String letter, boolean on) {
        double s = TimelineGeometry.BUTTON;
        g.setFill(on ? TOGGLE_ON : Color.web("#3a3f49"));
        g.fillRoundRect(x, y, s, s, 4, 4);
        g.setFill(on ? Color.BLACK : TEXT);
        g.setFont(Font.font(null, javafx.scene.text.FontWeight.BOLD, 10));
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(letter, x + s / 2, y + s / 2 + 0.5);
        g.setTextAlign(TextAlignment.LEFT);
    }

    private void drawClip(GraphicsContext g, Track tr, Clip c, double l, double r, double top, double lh, boolean selected, boolean inGroup) {
        double y = top + 2, hgt = lh - 4, wid = Math.max(2, r - l);
        boolean video = tr.kind() == Track.Kind.VIDEO;
        g.setFill((video ? VIDEO : AUDIO).deriveColor(0, 1, 1, 0.85));
        g.fillRoundRect(l, y, wid, hgt, 6, 6);
        g.save();
        g.beginPath();
        g.rect(l + 1, y + 1, Math.max(0, wid - 2), hgt - 2);
        g.clip();
        if (video) drawThumbnails(g, c, l, y + 14, wid, hgt - 15);
        else drawWaveform(g, c, l, y + 13, wid, hgt - 14);
        g.setFill(Color.WHITE);
        g.setFont(Font.font(10));
        g.setTextBaseline(VPos.TOP);
        g.setTextAlign(TextAlignment.LEFT);
        String label = (c.approved() ? "✓ " : "") + c.id() + (c.takes().size() > 1 ? "  take " + (c.active() + 1) + "/" + c.takes().size() : "")
                + (c.linked() ? "" : video ? "  (sound unlinked)" : "  (unlinked)");
        if (c.approved()) {
            g.setFill(APPROVED);
            g.fillRect(l + 1, y + 1, Math.max(0, wid - 2), 3);
            g.setFill(Color.WHITE);
        }
        g.fillText(label, l + 4, y + 1);
        g.restore();
        g.setStroke(selected ? SELECT : inGroup ? SELECT.deriveColor(0, 1, 1, 0.55) : Color.BLACK.deriveColor(0, 1, 1, 0.4));
        g.setLineWidth(selected || inGroup ? 2 : 1);
        if (!c.linked()) g.setLineDashes(4, 3);
        g.strokeRoundRect(l, y, wid, hgt, 6, 6);
        g.setLineDashes((double[]) null);
    }

    private void drawThumbnails(GraphicsContext g, Clip c, double l, double y, double w, double h) {
        Image first = media.thumbnail(c.take(), c.in());
        if (first == null || first.getHeight() <= 0) return;
        double tw = h * first.getWidth() / first.getHeight();
        int n = Math.max(1, (int) Math.ceil(w / tw));
        for (int i = 0; i < n; i++) {
            int frame = c.in() + (int) Math.min(c.duration() - 1, Math.round(i * tw / Math.max(1e-9, w) * c.duration()));
            Image im = i == 0 ? first : media.thumbnail(c.take(), frame);
            if (im != null) g.drawImage(im, l + i * tw, y, tw, h);
        }
    }

    /// The clip's part of its take's waveform: a filled outline of the lowest and highest sample of each pixel column
    /// over a centre line, scaled so the take's loudest sample nearly fills the lane.
    private void drawWaveform(GraphicsContext g, Clip c, double l, double y, double w, double h) {
        WaveformPeaks p = media.waveform(c.take());
        if (p == null || p.columns() == 0) return;
        int per = ClipMedia.WAVE_COLUMNS_PER_FRAME;
        double mid = y + h / 2, half = (h / 2 - 1) * gain(p);
        int n = Math.max(1, (int) Math.ceil(w));
        double[] xs = new double[2 * n], ys = new double[2 * n];
        for (int x = 0; x < n; x++) {
            double a = (c.in() + x / w * c.duration()) * per, b = (c.in() + (x + 1) / w * c.duration()) * per;
            int i0 = (int) Math.clamp(Math.floor(a), 0, p.columns() - 1), i1 = (int) Math.clamp(Math.ceil(b), i0 + 1, p.columns());
            float lo = 0, hi = 0;
            for (int i = i0; i < i1; i++) {
                lo = Math.min(lo, p.min()[i]);
                hi = Math.max(hi, p.max()[i]);
            }
            xs[x] = l + x;
            ys[x] = mid - level(hi) * half;
            xs[2 * n - 1 - x] = l + x;
            ys[2 * n - 1 - x] = mid + level(-lo) * half;
        }
        g.setFill(WAVE.deriveColor(0, 1, 1, 0.85));
        g.fillPolygon(xs, ys, 2 * n);
        g.setStroke(WAVE.deriveColor(0, 1, 1, 0.35));
        g.setLineWidth(1);
        g.strokeLine(l, mid, l + w, mid);
    }

    /// The display gain of a take's waveform: its loudest sample reaches 90 % of the lane (at most 8×, so near-silence
    /// stays flat). Shapes read the same for quiet and loud takes; the clip's sound is not changed.
    private static double gain(WaveformPeaks p) {
        float peak = 0;
        for (int i = 0; i < p.columns(); i++) peak = Math.max(peak, Math.max(-p.min()[i], p.max()[i]));
        return peak <= 0 ? 1 : Math.min(8, 0.9 / peak);
    }

    /// 0..1 for a sample magnitude (linear, as editors draw it by default).
    static double level(float v) { return Math.clamp(v, 0, 1); }
}
