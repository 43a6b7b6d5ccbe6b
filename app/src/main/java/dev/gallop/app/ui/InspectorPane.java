package dev.gallop.app.ui;

import dev.gallop.app.inspector.InspectorViewModel;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/// The clip inspector ("Shot" tab): how the selected shot's shown take was made — prompt sections, the final prompt
/// text, seed, model, steps, size, length, what the take is, where the clip sits — its takes (click one to show it),
/// and two actions: load it all into the prompt panel, and make a new take of it (Ctrl+R). Binds to an
/// [InspectorViewModel] only.
public final class InspectorPane extends ScrollPane {
    /// @param load   loads the shot into the prompt panel
    /// @param retake queues a new take of the shot (Ctrl+R)
    public InspectorPane(InspectorViewModel vm, Runnable load, Runnable retake) {
        Label heading = wrapped(vm.headingProperty());
        heading.setId("inspector-heading");
        heading.getStyleClass().add("title-4");

        Button loadButton = new Button("Load into prompt panel", Icons.icon(Material2AL.ARROW_BACK));
        loadButton.setId("inspector-load");
        loadButton.setOnAction(e -> load.run());
        Button retakeButton = new Button("New take (Ctrl+R)", Icons.icon(Material2MZ.REPLAY));
        retakeButton.setId("inspector-retake");
        retakeButton.setOnAction(e -> retake.run());
        for (Button b : new Button[] {loadButton, retakeButton}) {
            b.setMinWidth(Region.USE_PREF_SIZE);
            b.disableProperty().bind(vm.emptyProperty());
        }
        FlowPane actions = new FlowPane(6, 6, loadButton, retakeButton);

        Label body = wrapped(vm.bodyProperty());
        body.setId("inspector-body");
        Label dialogue = wrapped(vm.dialogueProperty());
        dialogue.setId("inspector-dialogue");
        Label dialogueTitle = PromptPanel.title("Dialogue");
        for (var n : new javafx.scene.Node[] {dialogue, dialogueTitle}) {
            n.visibleProperty().bind(vm.dialogueProperty().isNotEmpty());
            n.managedProperty().bind(n.visibleProperty());
        }
        Label sound = wrapped(vm.soundProperty());
        sound.setId("inspector-sound");

        GridPane facts = new GridPane(8, 4);
        ColumnConstraints names = new ColumnConstraints();
        names.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        facts.getColumnConstraints().addAll(names, values);
        int row = 0;
        for (Object[] f : new Object[][] {{"Seed", vm.seedProperty(), "inspector-seed"}, {"Model", vm.modelProperty(), "inspector-model"},
                {"Steps", vm.stepsProperty(), "inspector-steps"}, {"Size", vm.sizeProperty(), "inspector-size"},
                {"Length", vm.lengthProperty(), "inspector-length"}, {"Take", vm.whatProperty(), "inspector-what"},
                {"Placed", vm.placementProperty(), "inspector-placement"}}) {
            Label name = new Label((String) f[0]);
            name.getStyleClass().add("text-muted");
            name.setMinWidth(Region.USE_PREF_SIZE);
            Label value = wrapped((ObservableStringValue) f[1]);
            value.setId((String) f[2]);
            facts.addRow(row++, name, value);
        }

        TextArea rendered = new TextArea();
        rendered.setId("inspector-rendered");
        rendered.setEditable(false);
        rendered.setWrapText(true);
        rendered.setPrefRowCount(5);
        rendered.getStyleClass().add("rendered-prompt");
        rendered.textProperty().bind(vm.renderedProperty());

        ListView<InspectorViewModel.TakeRow> takes = new ListView<>(vm.takes());
        takes.setId("inspector-takes");
        takes.setPrefHeight(84);
        takes.setMinHeight(60);
        takes.setPlaceholder(new Label("No takes"));
        takes.setCellFactory(v -> new ListCell<>() {
            @Override protected void updateItem(InspectorViewModel.TakeRow r, boolean empty) {
                super.updateItem(r, empty);
                setText(empty || r == null ? null : r.toString());
                setWrapText(true);
                setPrefWidth(0);
                getStyleClass().remove("text-bold");
                if (!empty && r != null && r.shown()) getStyleClass().add("text-bold");
            }
        });
        // picking a row (mouse or keys) shows that take; the list follows the shown take
        takes.getSelectionModel().selectedItemProperty().addListener((o, a, r) -> { if (r != null && !r.shown()) vm.showTake(r.index()); });
        vm.takes().addListener((javafx.collections.ListChangeListener<InspectorViewModel.TakeRow>) c -> {
            for (int i = 0; i < vm.takes().size(); i++) if (vm.takes().get(i).shown()) takes.getSelectionModel().select(i);
        });

        VBox details = new VBox(6, actions, PromptPanel.title("Takes"), takes, PromptPanel.title("Prompt"), body, dialogueTitle, dialogue,
                PromptPanel.title("Background sound"), sound, facts, PromptPanel.title("Final prompt"), rendered);
        details.visibleProperty().bind(vm.emptyProperty().not());
        details.managedProperty().bind(details.visibleProperty());
        VBox box = new VBox(8, heading, details);
        box.setPadding(new Insets(8));
        setContent(box);
        setFitToWidth(true);
        setHbarPolicy(ScrollBarPolicy.NEVER);
        getStyleClass().add("inspector");
    }

    private static Label wrapped(ObservableStringValue text) {
        Label l = new Label();
        l.textProperty().bind(text);
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        l.setMaxWidth(Double.MAX_VALUE);
        return l;
    }
}
