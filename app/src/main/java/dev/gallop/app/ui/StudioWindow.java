package dev.gallop.app.ui;

import dev.gallop.app.StudioViewModel;
import dev.gallop.app.keys.Action;
import dev.gallop.app.keys.StudioKeys;
import dev.gallop.app.timeline.Timeline;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import javafx.animation.AnimationTimer;
import javafx.animation.KeyFrame;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import javafx.util.Duration;

/// The main window: menus on top; prompt panel, viewer and the queue/models tabs side by side; the timeline below;
/// a status line at the bottom. Wires keys, the playback/preview clock and autosave.
public final class StudioWindow {
    private final StudioViewModel vm;
    private final Stage stage;
    private final BorderPane root = new BorderPane();
    private final TimelinePane timelinePane;
    private final StackPane viewerHolder = new StackPane();
    private final Tab queueTab, shotTab;
    private final TabPane sideTabs;
    private final javafx.animation.Timeline loop;
    private AnimationTimer clock;
    private Choosers choosers = Choosers.NATIVE;
    private boolean quitting;
    private StudioKeys keys;
    private final StudioMenus menus;

    public StudioWindow(Stage stage, StudioViewModel vm) {
        this.stage = stage;
        this.vm = vm;
        PromptPanel prompt = new PromptPanel(vm.prompt(), vm.memory(), () -> choosers);
        prompt.setMinWidth(300);
        prompt.setPrefWidth(410);
        queueTab = tab("Queue", new Label());
        shotTab = tab("Shot", new InspectorPane(vm.inspector(), vm::loadSelectedIntoPrompt, vm::regenerateSelected));
        shotTab.setId("shot-tab");
        TabPane side = new TabPane(queueTab, shotTab, tab("Models", new ModelPane(vm.models(), vm.budget(), () -> choosers)));
        sideTabs = side;
        side.setId("side-tabs");
        side.setPrefWidth(360);
        side.setMinWidth(260);
        SplitPane top = new SplitPane(prompt, viewerHolder, side);
        top.setDividerPositions(0.29, 0.75);
        SplitPane.setResizableWithParent(prompt, false);
        SplitPane.setResizableWithParent(side, false);
        timelinePane = new TimelinePane(vm.timeline());
        // a clip clicked on the timeline is shown in the inspector
        timelinePane.canvas().setOnClipClicked(() -> sideTabs.getSelectionModel().select(shotTab));
        timelinePane.setMinHeight(170);
        SplitPane main = new SplitPane(top, timelinePane);
        main.setOrientation(Orientation.VERTICAL);
        main.setDividerPositions(0.70);
        SplitPane.setResizableWithParent(timelinePane, false);

        Label status = new Label();
        status.setId("status-line");
        status.textProperty().bind(vm.statusProperty());
        status.setWrapText(true);
        status.setMinWidth(0);
        status.setMinHeight(Region.USE_PREF_SIZE);
        status.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(status, Priority.ALWAYS);
        Label project = new Label();
        project.setId("status-project");
        project.getStyleClass().add("text-muted");
        project.setMinWidth(Region.USE_PREF_SIZE);
        project.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> "Project: " + vm.projectName(), vm.coreProperty()));
        Tooltip where = new Tooltip();
        where.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> vm.projectFolder().toAbsolutePath().toString(), vm.coreProperty()));
        project.setTooltip(where);
        HBox bar = new HBox(12, status, project);
        bar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        bar.setPadding(new Insets(3, 10, 3, 10));
        bar.getStyleClass().add("status-bar");

        menus = new StudioMenus(vm, this::run, () -> keys != null && keys.swallowing(), new StudioMenus.Extra() {
            @Override public void finalizeApproved() { FinalizeDialog.show(stage, vm); }

            @Override public void about() { HelpWindows.about(stage, vm); }
        });
        root.setTop(menus.bar());
        root.setCenter(main);
        root.setBottom(bar);
        root.setId("studio-root");
        loop = new javafx.animation.Timeline(new KeyFrame(Duration.seconds(1 / ViewerLoop.RATE), e -> vm.core().filmstrip().nextFrame()));
        loop.setCycleCount(javafx.animation.Animation.INDEFINITE);
        vm.coreProperty().addListener((o, a, b) -> bindProject());
        bindProject();
    }

    public BorderPane root() { return root; }

    public TimelinePane timelinePane() { return timelinePane; }

    /// Builds the scene, shows the window and starts the clocks.
    public Scene show(double width, double height) {
        Scene scene = new Scene(root, width, height);
        scene.getStylesheets().add(StudioWindow.class.getResource("studio.css").toExternalForm());
        keys = StudioKeys.install(scene, vm::keymap, this::run);
        stage.titleProperty().bind(vm.titleProperty());
        stage.setOnCloseRequest(e -> {
            e.consume();
            quit();
        });
        stage.setScene(scene);
        stage.show();
        clock = new AnimationTimer() {
            @Override public void handle(long now) {
                vm.core().player().tick();
                vm.tick(now);
                vm.core().sound().tick();
            }
        };
        clock.start();
        loop.play();
        return scene;
    }

    public void stop() {
        if (clock != null) clock.stop();
        loop.stop();
    }

    /// (Re)builds the panels that belong to the open project: the viewer and the queue.
    private void bindProject() {
        var core = vm.core();
        viewerHolder.getChildren().setAll(new ViewerPane(core, vm.viewer(), vm::cancel));
        queueTab.setContent(new QueuePane(core.queue()));
        timelinePane.canvas().setMedia(new PreviewMedia(core.previews(), core.session().timeline().fps(), timelinePane.canvas()::refresh));
    }

    /// The choosers for files and folders (UI tests put in their own).
    public void setChoosers(Choosers c) { choosers = c; }

    public Choosers choosers() { return choosers; }

    /// When the project has an autosave newer than its saved file, asks whether to recover it. Declining sets the
    /// autosave aside (renamed), so nothing is lost and it is not asked again.
    public void offerRecovery(Optional<Timeline> autosaved) {
        autosaved.ifPresent(t -> {
            long shots = t.tracks().stream().filter(tr -> tr.kind() == dev.gallop.app.timeline.Track.Kind.VIDEO).mapToLong(tr -> tr.clips().size()).sum();
            ButtonType recover = new ButtonType("Recover", ButtonBar.ButtonData.YES), keep = new ButtonType("Keep the saved version", ButtonBar.ButtonData.NO);
            Alert a = new Alert(Alert.AlertType.CONFIRMATION, "The project " + vm.projectName() + " has changes that were never saved: an autosave with "
                    + shots + (shots == 1 ? " shot" : " shots") + ", newer than the saved project. Recover them? (The saved version is kept as project.json.bak.)",
                    recover, keep);
            a.setHeaderText("Recover unsaved changes?");
            a.getDialogPane().setId("recovery-dialog");
            a.initOwner(stage);
            a.showAndWait().ifPresent(b -> attempt(() -> {
                if (b == recover) vm.recover(t); else vm.declineRecovery();
            }));
        });
    }

    /// File ▸ Quit and the window's close button: waits for takes still being written, then asks about unsaved
    /// changes (save, don't save, cancel) and closes the window.
    public void quit() {
        if (vm.takesBeingWritten() > 0) {
            if (!quitting) {
                quitting = true;
                vm.whenTakesWritten(() -> {
                    quitting = false;
                    quit();
                });
            }
            return;
        }
        if (!settleUnsaved("quitting")) return;
        stage.close();
    }

    /// Before quitting or opening another project: with unsaved changes, asks whether to save them. True when the
    /// caller may go on (saved, or the user chose not to save); false when cancelled or the save failed.
    boolean settleUnsaved(String doing) {
        if (!vm.hasUnsavedChanges()) return true;
        ButtonType save = new ButtonType("Save", ButtonBar.ButtonData.YES), discard = new ButtonType("Don't save", ButtonBar.ButtonData.NO);
        Alert a = new Alert(Alert.AlertType.WARNING, "The changes to " + vm.projectName() + " are not saved. Save them before " + doing + "?",
                save, discard, ButtonType.CANCEL);
        a.setHeaderText("Save changes to " + vm.projectName() + "?");
        a.getDialogPane().setId("unsaved-dialog");
        a.initOwner(stage);
        ButtonType answer = a.showAndWait().orElse(ButtonType.CANCEL);
        if (answer == save) return attempt(vm::save);
        if (answer == discard) return attempt(vm::discardChanges);
        return false;
    }

    /// Runs a keymap action (from a key or a menu).
    void run(Action a) {
        var t = vm.timeline();
        switch (a) {
            case GENERATE -> vm.generate();
            case GENERATE_FIRST -> vm.generateFirst();
            case RETAKE -> vm.regenerateSelected();
            case PREVIOUS_TAKE -> vm.switchTake(-1);
            case NEXT_TAKE -> vm.switchTake(1);
            case APPROVE -> t.toggleApproved();
            case CANCEL -> vm.cancel();
            case PLAY_PAUSE -> t.togglePlay();
            case SHUTTLE_BACK -> t.shuttleBack();
            case STOP -> t.stop();
            case SHUTTLE_FORWARD -> t.shuttleForward();
            case FRAME_BACK -> t.step(-1);
            case FRAME_FORWARD -> t.step(1);
            case SECOND_BACK -> t.stepSeconds(-1);
            case SECOND_FORWARD -> t.stepSeconds(1);
            case PREVIOUS_EDIT -> t.toEdit(-1);
            case NEXT_EDIT -> t.toEdit(1);
            case HOME -> t.home();
            case END -> t.toEnd();
            case MARK_IN -> t.markIn();
            case MARK_OUT -> t.markOut();
            case GO_TO_IN -> t.player().goToIn();
            case GO_TO_OUT -> t.player().goToOut();
            case CLEAR_MARKS -> t.clearMarks();
            case UNDO -> t.undo();
            case REDO -> t.redo();
            case SPLIT -> t.splitAtPlayhead();
            case RIPPLE_DELETE -> t.rippleDelete();
            case LIFT -> t.lift();
            case LINK -> t.toggleLink();
            case ADD_MARKER -> t.toggleMarker();
            case PREVIOUS_MARKER -> t.toMarker(-1);
            case NEXT_MARKER -> t.toMarker(1);
            case ZOOM_IN -> t.zoomIn();
            case ZOOM_OUT -> t.zoomOut();
            case ZOOM_FIT -> t.zoomToFit(timelinePane.canvas().getWidth() - TimelineGeometry.HEADER);
            case NEW_PROJECT -> actions.newProject();
            case OPEN -> actions.open();
            case SAVE -> actions.save();
            case SAVE_AS -> actions.saveAs();
            case EXPORT -> actions.export();
            case QUIT -> quit();
            case SHORTCUTS -> HelpWindows.shortcuts(stage, vm);
            case GUIDE -> HelpWindows.guide(stage);
        }
    }

    private interface IoAction {
        void run() throws IOException;
    }

    /// Runs `a`; a failure is shown in an error box. True when it worked.
    private boolean attempt(IoAction a) {
        try {
            a.run();
            return true;
        } catch (IOException | RuntimeException e) {
            Dialogs.error(stage, "That did not work", e.getMessage() == null ? e.toString() : e.getMessage());
            return false;
        }
    }

    private Optional<Path> folder(String title) { return choosers.folder(stage, title, vm.projectFolder().toAbsolutePath().getParent()); }

    private final Actions actions = new Actions();

    private final class Actions {
        void newProject() {
            folder("New project folder").ifPresent(p -> vm.whenTakesWritten(() -> {
                if (settleUnsaved("starting a new project")) attempt(() -> vm.newProject(p));
            }));
        }

        void open() {
            folder("Open project folder").ifPresent(p -> vm.whenTakesWritten(() -> {
                if (settleUnsaved("opening another project")) attempt(() -> offerRecovery(vm.open(p)));
            }));
        }

        void save() { attempt(vm::save); }

        void saveAs() { folder("Save project into folder").ifPresent(p -> vm.whenTakesWritten(() -> attempt(() -> vm.saveAs(p)))); }

        void export() { ExportDialog.show(stage, vm, () -> choosers); }
    }

    private static Tab tab(String name, javafx.scene.Node content) {
        Tab t = new Tab(name, content);
        t.setClosable(false);
        return t;
    }
}
