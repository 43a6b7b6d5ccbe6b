package dev.gallop.app.ui;

import dev.gallop.app.filmstrip.Filmstrip;
import dev.gallop.app.session.StudioCore;
import dev.gallop.app.viewer.ViewerViewModel;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/// The denoise filmstrip: one small picture per step of the shown job (its x₀'s first frame, decoded or the latent
/// picture), newest on the right. Click a step to show it in the viewer; the step on screen is outlined.
public final class FilmstripView extends ScrollPane {
    private final HBox row = new HBox(4);
    private final StudioCore core;
    private final ViewerViewModel viewer;
    private String job;

    public FilmstripView(StudioCore core, ViewerViewModel viewer) {
        this.core = core;
        this.viewer = viewer;
        row.setAlignment(Pos.CENTER_LEFT);
        setContent(row);
        setFitToHeight(true);
        setVbarPolicy(ScrollBarPolicy.NEVER);
        setPrefHeight(88);
        setMinHeight(88);
        // once the new cell is laid out, keep the newest step in view while following the job
        row.widthProperty().addListener((o, a, b) -> { if (core.filmstrip().liveProperty().get()) setHvalue(getHmax()); });
        getStyleClass().add("filmstrip");
        core.filmstrip().stepCountProperty().addListener((o, a, b) -> sync());
        core.filmstrip().jobIdProperty().addListener((o, a, b) -> sync());
        core.filmstrip().stepProperty().addListener((o, a, b) -> outline());
        core.filmstrip().decodedProperty().addListener((o, a, b) -> pictures());
        sync();
    }

    private void sync() {
        String id = core.filmstrip().jobIdProperty().get();
        List<Filmstrip.Frame> frames = id == null ? List.of() : core.results().filmstrips().get(id).map(Filmstrip::frames).orElse(List.of());
        if (!java.util.Objects.equals(id, job) || frames.size() < row.getChildren().size()) {
            row.getChildren().clear();
            job = id;
        }
        for (int i = row.getChildren().size(); i < frames.size(); i++) row.getChildren().add(cell(frames.get(i)));
        outline();
    }

    private VBox cell(Filmstrip.Frame s) {
        ImageView iv = new ImageView();
        iv.setFitHeight(40);
        iv.setPreserveRatio(true);
        picture(iv, s);
        Label l = new Label(s.index() + "/" + s.total());
        l.getStyleClass().add("text-small");
        VBox box = new VBox(1, iv, l);
        box.setAlignment(Pos.CENTER);
        box.getStyleClass().add("film-cell");
        box.setId("step-" + s.index());
        box.setUserData(s.index());
        Tooltip.install(box, new Tooltip(String.format(Locale.ROOT, "Step %d of %d, sigma %.3f", s.index(), s.total(), s.sigma())));
        box.setOnMouseClicked(e -> viewer.showStep(s.index()));
        return box;
    }

    /// A cell's picture: a latent picture is scaled up pixel by pixel, a decoded thumbnail is already cell-sized.
    private void picture(ImageView iv, Filmstrip.Frame s) {
        var img = FrameImages.of(core.filmstrip().cellPicture(s));
        iv.setImage(img);
        iv.setSmooth(img.getHeight() >= 40);
        iv.setUserData(s);
    }

    private void pictures() {
        for (var n : row.getChildren()) {
            ImageView iv = (ImageView) ((VBox) n).getChildren().getFirst();
            picture(iv, (Filmstrip.Frame) iv.getUserData());
        }
    }

    private void outline() {
        int shown = core.filmstrip().stepProperty().get();
        for (var n : row.getChildren()) {
            n.setStyle(n.getUserData().equals(shown) ? "-fx-border-color: #f5c451; -fx-border-width: 2;" : "-fx-border-color: transparent; -fx-border-width: 2;");
        }
    }
}
