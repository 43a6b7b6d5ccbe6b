package dev.gallop.app.inspector;

import dev.gallop.app.timeline.Clip;
import dev.gallop.app.timeline.Timecode;
import dev.gallop.app.timeline.TimelineViewModel;
import dev.gallop.engine.pipeline.DialogueLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/// The clip inspector: everything the selected shot's shown take was made from — the prompt in all its sections
/// (body, dialogue lines, background sound, and the final text the encoder read), seed, model, steps, sampler, size,
/// length — and the shot's takes with their records, the shown one marked. Picking a take shows it (one undoable edit).
/// Follows the timeline panel's selection and the edit. UI thread only.
public final class InspectorViewModel {
    /// One take of the shot: its line ("take 2 · seed 43 · 64×64 · final") and whether it is the one shown.
    public record TakeRow(int index, String text, boolean shown) {
        @Override public String toString() { return (shown ? "▶ " : "   ") + text; }
    }

    private final TimelineViewModel timeline;
    private final ReadOnlyObjectWrapper<Clip> shot = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper empty = new ReadOnlyBooleanWrapper(true);
    private final ReadOnlyStringWrapper heading = new ReadOnlyStringWrapper(""), body = new ReadOnlyStringWrapper(""),
            dialogue = new ReadOnlyStringWrapper(""), sound = new ReadOnlyStringWrapper(""), rendered = new ReadOnlyStringWrapper(""),
            seed = new ReadOnlyStringWrapper(""), model = new ReadOnlyStringWrapper(""), steps = new ReadOnlyStringWrapper(""),
            size = new ReadOnlyStringWrapper(""), length = new ReadOnlyStringWrapper(""), what = new ReadOnlyStringWrapper(""),
            placement = new ReadOnlyStringWrapper("");
    private final ObservableList<TakeRow> takes = FXCollections.observableArrayList();

    public InspectorViewModel(TimelineViewModel timeline) {
        this.timeline = timeline;
        timeline.selectedProperty().addListener(o -> refresh());
        timeline.timelineProperty().addListener(o -> refresh());
        refresh();
    }

    /// The selected shot (a video clip), or null.
    public ReadOnlyObjectProperty<Clip> shotProperty() { return shot.getReadOnlyProperty(); }
    /// True while no shot is selected.
    public ReadOnlyBooleanProperty emptyProperty() { return empty.getReadOnlyProperty(); }
    /// "shot-3 · take 2 of 3", or what to do when nothing is selected.
    public ReadOnlyStringProperty headingProperty() { return heading.getReadOnlyProperty(); }
    public ReadOnlyStringProperty bodyProperty() { return body.getReadOnlyProperty(); }
    /// One line per utterance: `Speaker (Language): "words"`; "" without dialogue.
    public ReadOnlyStringProperty dialogueProperty() { return dialogue.getReadOnlyProperty(); }
    public ReadOnlyStringProperty soundProperty() { return sound.getReadOnlyProperty(); }
    /// The final prompt text the text encoder read.
    public ReadOnlyStringProperty renderedProperty() { return rendered.getReadOnlyProperty(); }
    public ReadOnlyStringProperty seedProperty() { return seed.getReadOnlyProperty(); }
    public ReadOnlyStringProperty modelProperty() { return model.getReadOnlyProperty(); }
    /// "8 (distill)".
    public ReadOnlyStringProperty stepsProperty() { return steps.getReadOnlyProperty(); }
    /// "64×64", or "448×256 → 896×512" for a finalized take.
    public ReadOnlyStringProperty sizeProperty() { return size.getReadOnlyProperty(); }
    /// "2.08 s · 53 frames".
    public ReadOnlyStringProperty lengthProperty() { return length.getReadOnlyProperty(); }
    /// "final", "step 5 of 8", "final, 540p super-resolution".
    public ReadOnlyStringProperty whatProperty() { return what.getReadOnlyProperty(); }
    /// Where the shot sits: "V1 · 00:00:02:03 – 00:00:04:05 (frames 0–52 of its take)".
    public ReadOnlyStringProperty placementProperty() { return placement.getReadOnlyProperty(); }
    public ObservableList<TakeRow> takes() { return takes; }

    /// Shows take `index` of the selected shot (one undoable edit); false when it is already shown or there is none.
    public boolean showTake(int index) {
        Clip c = shot.get();
        if (c == null || index < 0 || index >= c.takes().size() || index == c.active()) return false;
        return timeline.showTake(c.id(), index);
    }

    private void refresh() {
        // a shot is its picture: a selected sound shows the shot it is linked to
        Clip c = timeline.selectedClip().flatMap(x -> timeline.linkedGroup(x.id()).stream()
                .filter(y -> timeline.timeline().trackOf(y.id()).kind() == dev.gallop.app.timeline.Track.Kind.VIDEO).findFirst()).orElse(null);
        shot.set(c);
        empty.set(c == null);
        if (c == null) {
            heading.set("No shot selected: click a shot on the timeline to see how it was made");
            for (ReadOnlyStringWrapper w : List.of(body, dialogue, sound, rendered, seed, model, steps, size, length, what, placement)) w.set("");
            takes.clear();
            return;
        }
        TakeInfo info = TakeInfo.of(c.take());
        heading.set(c.id() + " · take " + (c.active() + 1) + " of " + c.takes().size());
        body.set(info.body());
        List<String> lines = new ArrayList<>();
        for (DialogueLine l : info.dialogue()) lines.add(l.speaker() + " (" + l.language().label() + "): \"" + l.text() + "\"");
        dialogue.set(String.join("\n", lines));
        sound.set(info.backgroundSound().isEmpty() ? "(none: no prominent background sound)" : info.backgroundSound());
        rendered.set(info.renderedPrompt());
        seed.set(Long.toString(info.seed()));
        model.set(info.modelName().isEmpty() ? "(not recorded)" : info.modelName());
        steps.set(info.steps() > 0 ? info.steps() + (info.sampler().isEmpty() ? "" : " (" + info.sampler() + ")") : "");
        size.set(info.sizeText());
        int fps = timeline.timeline().fps();
        length.set(info.seconds() > 0 ? String.format(Locale.ROOT, "%.2f s · %d frames", info.seconds(), c.take().frames()) : c.take().frames() + " frames");
        what.set(info.what());
        placement.set(timeline.timeline().trackOf(c.id()).id() + " · " + Timecode.format(c.start(), fps) + " – " + Timecode.format(c.end(), fps)
                + " (frames " + c.in() + "–" + (c.out() - 1) + " of its take)");
        List<TakeRow> rows = new ArrayList<>();
        for (int i = 0; i < c.takes().size(); i++) rows.add(new TakeRow(i, TakeInfo.of(c.takes().get(i)).line(i), i == c.active()));
        takes.setAll(rows);
    }
}
