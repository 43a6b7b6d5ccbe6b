package dev.gallop.app.ui;

import dev.gallop.app.queue.JobState;
import dev.gallop.app.queue.QueueJob;
import dev.gallop.app.queue.QueueViewModel;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/// The queue list: each job with its status (phase, step i/N, ETA) and progress; cancel, move up/down, retry and
/// remove per job; pause/resume for the whole queue (a queue restored after a restart starts paused).
public final class QueuePane extends VBox {
    public QueuePane(QueueViewModel vm) {
        ListView<QueueJob> list = new ListView<>(vm.jobs());
        list.setId("queue-list");
        Label empty = new Label("No jobs. Write a prompt and press Generate (Ctrl+Enter).");
        empty.setWrapText(true);
        empty.setPadding(new Insets(12));
        empty.setMinHeight(Region.USE_PREF_SIZE);
        list.setPlaceholder(empty);
        list.setCellFactory(v -> new JobCell(vm));
        VBox.setVgrow(list, Priority.ALWAYS);

        Button pause = new Button();
        pause.setId("queue-pause");
        pause.textProperty().bind(Bindings.when(vm.pausedProperty()).then("Resume").otherwise("Pause"));
        pause.graphicProperty().bind(Bindings.when(vm.pausedProperty()).then(Icons.icon(Material2MZ.PLAY_ARROW)).otherwise(Icons.icon(Material2MZ.PAUSE)));
        pause.setOnAction(e -> { if (vm.pausedProperty().get()) vm.resume(); else vm.pause(); });
        Label error = new Label();
        error.setWrapText(true);
        error.getStyleClass().add("danger");
        error.textProperty().bind(vm.errorProperty());
        error.managedProperty().bind(vm.errorProperty().isNotEmpty());
        Label paused = new Label("Paused: jobs wait until you resume");
        paused.getStyleClass().add("warning");
        paused.visibleProperty().bind(vm.pausedProperty());
        paused.managedProperty().bind(vm.pausedProperty());
        paused.setMinWidth(0);
        paused.setWrapText(true);
        paused.setMinHeight(Region.USE_PREF_SIZE);
        Label title = PromptPanel.title("Queue");
        title.setMinWidth(Region.USE_PREF_SIZE);
        pause.setMinWidth(Region.USE_PREF_SIZE);
        HBox head = new HBox(8, title, pause);
        head.setAlignment(Pos.CENTER_LEFT);
        setSpacing(6);
        setPadding(new Insets(8));
        getChildren().addAll(head, paused, error, list);
    }

    private static final class JobCell extends ListCell<QueueJob> {
        private final QueueViewModel vm;

        JobCell(QueueViewModel vm) { this.vm = vm; }

        @Override protected void updateItem(QueueJob j, boolean empty) {
            super.updateItem(j, empty);
            if (empty || j == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            Label title = new Label(j.title() + j.targetClip().map(c -> "  → new take of " + c).orElse(""));
            title.getStyleClass().add("text-bold");
            title.setId("queue-title-" + j.id());
            title.setWrapText(true);
            title.setMinWidth(0);
            title.setMinHeight(Region.USE_PREF_SIZE);
            title.setMaxWidth(Double.MAX_VALUE);
            Label status = new Label();
            status.getStyleClass().add("text-muted");
            status.textProperty().bind(j.statusProperty());
            ProgressBar bar = new ProgressBar();
            bar.progressProperty().bind(j.progressProperty());
            bar.setMaxWidth(Double.MAX_VALUE);
            bar.visibleProperty().bind(j.stateProperty().isEqualTo(JobState.RUNNING));
            bar.managedProperty().bind(bar.visibleProperty());
            Button cancel = Icons.button(Material2AL.CANCEL, "Cancel (Ctrl+Alt+Enter for the running job)", () -> vm.cancel(j));
            cancel.disableProperty().bind(Bindings.createBooleanBinding(() -> j.state().ended(), j.stateProperty()));
            Button up = Icons.button(Material2AL.ARROW_UPWARD, "Move up", () -> vm.moveUp(j));
            Button down = Icons.button(Material2AL.ARROW_DOWNWARD, "Move down", () -> vm.moveDown(j));
            Button retry = Icons.button(Material2MZ.REPLAY, "Retry", () -> vm.retry(j));
            retry.disableProperty().bind(Bindings.createBooleanBinding(() -> !j.state().ended(), j.stateProperty()));
            Button remove = Icons.button(Material2AL.DELETE, "Remove", () -> vm.remove(j));
            remove.disableProperty().bind(j.stateProperty().isEqualTo(JobState.RUNNING));
            status.setWrapText(true);
            status.setMinWidth(0);
            status.setMinHeight(Region.USE_PREF_SIZE);
            status.setMaxWidth(Double.MAX_VALUE);
            HBox.setHgrow(status, Priority.ALWAYS);
            HBox row = new HBox(2, status, cancel, up, down, retry, remove);
            row.setAlignment(Pos.CENTER_LEFT);
            VBox box = new VBox(2, title, row, bar);
            box.setMinWidth(0);
            box.prefWidthProperty().bind(getListView().widthProperty().subtract(28));
            box.maxWidthProperty().bind(box.prefWidthProperty());
            setGraphic(box);
            setText(null);
        }
    }
}
