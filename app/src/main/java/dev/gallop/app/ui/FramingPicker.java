package dev.gallop.app.ui;

import dev.gallop.app.prompt.Framing;
import dev.gallop.app.prompt.ModelChoice;
import dev.gallop.app.prompt.PromptViewModel;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javafx.collections.ListChangeListener;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;

/// The prompt panel's framing toggles, one pill: 16:9 and 9:16 for a model without a size of its own; for one with a
/// size of its own, that size ("Square" when it is square) and the aspects it has a size for. A model that offers one
/// framing alone shows none (the size note says what it makes).
final class FramingPicker extends HBox {
    private final PromptViewModel vm;
    private final Map<Framing, ToggleButton> buttons = new EnumMap<>(Framing.class);
    private boolean syncing;

    FramingPicker(PromptViewModel vm) {
        this.vm = vm;
        ToggleGroup group = new ToggleGroup();
        for (Framing f : Framing.values()) {
            ToggleButton b = new ToggleButton(switch (f) {
                case OWN_SIZE -> "Square";
                case LANDSCAPE_16_9 -> "16:9";
                case PORTRAIT_9_16 -> "9:16";
            });
            b.setId(switch (f) {
                case OWN_SIZE -> "prompt-framing-own";
                case LANDSCAPE_16_9 -> "prompt-framing-16-9";
                case PORTRAIT_9_16 -> "prompt-framing-9-16";
            });
            b.setUserData(f);
            b.setToggleGroup(group);
            b.setMinWidth(Region.USE_PREF_SIZE);
            b.managedProperty().bind(b.visibleProperty());
            buttons.put(f, b);
            getChildren().add(b);
        }
        buttons.get(Framing.OWN_SIZE).setTooltip(new Tooltip("The size the model was trained at"));
        group.selectedToggleProperty().addListener((o, was, now) -> {
            if (now == null) {
                if (was != null) was.setSelected(true);    // one is always chosen
            } else if (!syncing) {
                vm.chooseFraming((Framing) now.getUserData());
            }
        });
        vm.framingProperty().addListener(o -> sync());
        vm.framings().addListener((ListChangeListener<Framing>) c -> sync());
        vm.modelProperty().addListener(o -> sync());
        sync();
    }

    /// Shows the framings offered, as one pill, and selects the one in effect (without choosing it again).
    private void sync() {
        syncing = true;
        try {
            List<Framing> offered = List.copyOf(vm.framings());
            ModelChoice m = vm.modelProperty().get();
            boolean square = m != null && m.size().filter(s -> s.width() == s.height()).isPresent();
            buttons.get(Framing.OWN_SIZE).setText(square ? "Square" : "Own size");
            for (Map.Entry<Framing, ToggleButton> e : buttons.entrySet()) {
                ToggleButton b = e.getValue();
                int at = offered.indexOf(e.getKey());
                b.setVisible(offered.size() > 1 && at >= 0);
                b.getStyleClass().removeAll("left-pill", "center-pill", "right-pill");
                b.getStyleClass().add(at == 0 ? "left-pill" : at == offered.size() - 1 ? "right-pill" : "center-pill");
            }
            ToggleButton chosen = buttons.get(vm.framingProperty().get());
            if (chosen != null && !chosen.isSelected()) chosen.setSelected(true);
        } finally {
            syncing = false;
        }
    }
}
