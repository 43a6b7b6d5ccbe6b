package dev.gallop.app.ui;

import dev.gallop.app.timeline.Timecode;
import dev.gallop.app.timeline.TimelineViewModel;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.Separator;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/// The timeline panel: a tool row (undo/redo, split, ripple delete, lift, marks, zoom, snapping, timecode) above
/// the [TimelineCanvas].
public final class TimelinePane extends VBox {
    private final TimelineCanvas canvas;

    public TimelinePane(TimelineViewModel vm) {
        canvas = new TimelineCanvas(vm);
        canvas.setId("timeline-canvas");
        var undo = Icons.button(Material2MZ.UNDO, "Undo (Ctrl+Z)", vm::undo);
        undo.disableProperty().bind(vm.canUndoProperty().not());
        undo.setId("timeline-undo");
        var redo = Icons.button(Material2MZ.REDO, "Redo (Ctrl+Shift+Z)", vm::redo);
        redo.disableProperty().bind(vm.canRedoProperty().not());
        var split = Icons.button(Material2AL.CONTENT_CUT, "Split at playhead (S)", vm::splitAtPlayhead);
        split.setId("timeline-split");
        var ripple = Icons.button(Material2AL.DELETE_SWEEP, "Ripple delete (X, Shift+Delete)", vm::rippleDelete);
        var lift = Icons.button(Material2AL.DELETE_OUTLINE, "Lift (Delete)", vm::lift);
        var in = Icons.button(Material2AL.LOGIN, "Mark in (I)", vm::markIn);
        var out = Icons.button(Material2AL.EXIT_TO_APP, "Mark out (O)", vm::markOut);
        var zoomOut = Icons.button(Material2MZ.ZOOM_OUT, "Zoom out (-)", vm::zoomOut);
        var zoomIn = Icons.button(Material2MZ.ZOOM_IN, "Zoom in (+)", vm::zoomIn);
        var fit = Icons.button(Material2AL.FULLSCREEN, "Fit the edit (Ctrl+0)", () -> vm.zoomToFit(canvas.getWidth() - TimelineGeometry.HEADER));
        ToggleButton snap = new ToggleButton(null, Icons.icon(Material2AL.ALIGN_HORIZONTAL_LEFT));
        snap.getStyleClass().add("flat");
        snap.setTooltip(new Tooltip("Snapping"));
        snap.selectedProperty().bindBidirectional(vm.snappingProperty());
        snap.setFocusTraversable(false);
        Label tc = new Label();
        tc.getStyleClass().add("timecode");
        tc.textProperty().bind(Bindings.createStringBinding(() -> Timecode.format(vm.playheadProperty().get(), vm.timeline().fps())
                + " / " + Timecode.format(vm.end(), vm.timeline().fps()), vm.playheadProperty(), vm.timelineProperty()));
        tc.setId("timecode");
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox tools = new HBox(4, undo, redo, new Separator(javafx.geometry.Orientation.VERTICAL), split, ripple, lift,
                new Separator(javafx.geometry.Orientation.VERTICAL), in, out, new Separator(javafx.geometry.Orientation.VERTICAL),
                zoomOut, zoomIn, fit, snap, grow, tc);
        tools.setAlignment(Pos.CENTER_LEFT);
        tools.setPadding(new Insets(4, 8, 4, 8));
        // a scroll bar under the lanes: the whole edit and a little after it
        ScrollBar bar = new ScrollBar();
        bar.setId("timeline-scrollbar");
        bar.setOrientation(javafx.geometry.Orientation.HORIZONTAL);
        bar.setMin(0);
        Runnable range = () -> {
            double view = Math.max(1, canvas.getWidth() - TimelineGeometry.HEADER);
            bar.setMax(vm.maxScroll(view));
            bar.setVisibleAmount(view);
            bar.setUnitIncrement(vm.zoomProperty().get() * vm.timeline().fps());
            bar.setBlockIncrement(view * 0.8);
        };
        for (javafx.beans.Observable o : new javafx.beans.Observable[] {vm.timelineProperty(), vm.zoomProperty(), canvas.widthProperty()}) {
            o.addListener(x -> range.run());
        }
        range.run();
        bar.valueProperty().bindBidirectional(vm.scrollProperty());
        // the lanes scroll up and down when there are more tracks than fit
        javafx.scene.control.ScrollPane lanes = new javafx.scene.control.ScrollPane(canvas);
        lanes.setId("timeline-lanes");
        lanes.setFitToWidth(true);
        lanes.setFitToHeight(true);
        lanes.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        lanes.setVbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.AS_NEEDED);
        lanes.getStyleClass().add("edge-to-edge");
        canvas.setVerticalOverflow(() -> canvas.getHeight() > lanes.getViewportBounds().getHeight() + 1);
        VBox.setVgrow(lanes, Priority.ALWAYS);
        getChildren().addAll(tools, lanes, bar);
        getStyleClass().add("timeline-pane");
    }

    public TimelineCanvas canvas() { return canvas; }
}
