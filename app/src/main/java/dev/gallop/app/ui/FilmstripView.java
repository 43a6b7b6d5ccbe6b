package dev.gallop.app.ui;

import dev.gallop.app.viewer.StepFrame;
import dev.gallop.app.viewer.ViewerViewModel;
import java.util.Locale;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/// The denoise filmstrip: one small picture per step (the x₀'s first latent frame), newest on the right. Click a
/// step to show it in the viewer; the step on screen is outlined.
public final class FilmstripView extends ScrollPane {
    private final HBox row = new HBox(4);
    private final ViewerViewModel vm;

    public FilmstripView(ViewerViewModel vm) {
        this.vm = vm;
        row.setAlignment(Pos.CENTER_LEFT);
        setContent(row);
        setFitToHeight(true);
        setVbarPolicy(ScrollBarPolicy.NEVER);
        setPrefHeight(74);
        setMinHeight(74);
        getStyleClass().add("filmstrip");
        vm.steps().addListener((ListChangeListener<StepFrame>) c -> {
            while (c.next()) {
                if (c.wasRemoved()) row.getChildren().clear();
                if (c.wasAdded()) for (StepFrame s : c.getAddedSubList()) row.getChildren().add(cell(s, row.getChildren().size()));
            }
            setHvalue(1);
            outline();
        });
        vm.shownStepProperty().addListener((o, a, b) -> outline());
    }

    private VBox cell(StepFrame s, int index) {
        ImageView iv = new ImageView(FrameImages.latent(s.x0(), 0));
        iv.setFitHeight(40);
        iv.setPreserveRatio(true);
        iv.setSmooth(false);
        Label l = new Label(s.index() + "/" + s.total());
        l.getStyleClass().add("text-small");
        VBox box = new VBox(1, iv, l);
        box.setAlignment(Pos.CENTER);
        box.getStyleClass().add("film-cell");
        box.setId("step-" + s.index());
        Tooltip.install(box, new Tooltip(String.format(Locale.ROOT, "Step %d of %d, sigma %.3f", s.index(), s.total(), s.sigma())));
        box.setOnMouseClicked(e -> vm.show(index));
        return box;
    }

    private void outline() {
        for (int i = 0; i < row.getChildren().size(); i++) {
            var n = row.getChildren().get(i);
            n.setStyle(i == vm.shownStepProperty().get() ? "-fx-border-color: #f5c451; -fx-border-width: 2;" : "-fx-border-color: transparent; -fx-border-width: 2;");
        }
    }
}
