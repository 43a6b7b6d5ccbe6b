package dev.gallop.app;

import dev.gallop.engine.pipeline.GenerationEvent;
import dev.gallop.engine.pipeline.GenerationJob;
import dev.gallop.engine.pipeline.GenerationRequest;
import dev.gallop.engine.pipeline.Generator;
import dev.gallop.engine.pipeline.LatentClip;
import dev.gallop.engine.pipeline.StructuredPrompt;
import dev.gallop.engine.pipeline.VideoSize;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/// The studio's first panel: prompt, model, duration, seed; generate and cancel; step previews. Holds all logic;
/// the view only binds. Engine events arrive on the engine thread and are passed to `ui` (the FX thread in the
/// app, a direct executor in tests).
public final class StudioViewModel {
    private final Generator generator;
    private final Executor ui;
    private final StringProperty prompt = new SimpleStringProperty("");
    private final StringProperty sound = new SimpleStringProperty("");
    private final StringProperty modelFolder = new SimpleStringProperty("");
    private final DoubleProperty seconds = new SimpleDoubleProperty(2);
    private final StringProperty seed = new SimpleStringProperty("42");
    private final BooleanProperty running = new SimpleBooleanProperty(false);
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final StringProperty status = new SimpleStringProperty("Ready");
    private final ObjectProperty<LatentClip> preview = new SimpleObjectProperty<>();
    private final List<LatentClip> steps = new ArrayList<>();
    private GenerationJob job;

    public StudioViewModel(Generator generator, Executor ui) {
        this.generator = generator;
        this.ui = ui;
    }

    public StringProperty promptProperty() { return prompt; }
    public StringProperty soundProperty() { return sound; }
    public StringProperty modelFolderProperty() { return modelFolder; }
    public DoubleProperty secondsProperty() { return seconds; }
    public StringProperty seedProperty() { return seed; }
    public BooleanProperty runningProperty() { return running; }
    public DoubleProperty progressProperty() { return progress; }
    public StringProperty statusProperty() { return status; }
    public ObjectProperty<LatentClip> previewProperty() { return preview; }

    /// Every step's x₀ of the current or last generation (the denoise filmstrip).
    public List<LatentClip> steps() { return List.copyOf(steps); }

    /// Starts a generation; a bad field sets the status to the problem and starts nothing.
    public void generate() {
        if (running.get()) return;
        GenerationRequest req;
        try {
            if (modelFolder.get().isBlank()) throw new IllegalArgumentException("choose a model folder first");
            long s;
            try {
                s = Long.parseLong(seed.get().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("seed must be a whole number, got '" + seed.get() + "'");
            }
            req = new GenerationRequest(new StructuredPrompt(prompt.get(), List.of(), sound.get()), Optional.empty(), Optional.empty(),
                    seconds.get(), VideoSize.of(VideoSize.Preset.P256, VideoSize.Aspect.LANDSCAPE_16_9), s, 0, Path.of(modelFolder.get()));
        } catch (IllegalArgumentException e) {
            status.set(e.getMessage());
            return;
        }
        steps.clear();
        running.set(true);
        progress.set(0);
        status.set("Starting");
        job = generator.submit(req, e -> ui.execute(() -> onEvent(e)));
    }

    public void cancel() {
        if (job != null) job.cancel();
    }

    private void onEvent(GenerationEvent e) {
        switch (e) {
            case GenerationEvent.Phase p -> status.set(capitalize(p.name()));
            case GenerationEvent.Step s -> {
                steps.add(s.preview());
                preview.set(s.preview());
                progress.set(s.index() / (double) s.total());
                status.set("Step " + s.index() + "/" + s.total());
            }
            case GenerationEvent.Done d -> finish("Done: " + d.clip().latents().frames() + " latent frames");
            case GenerationEvent.Failed f -> finish("Failed: " + f.message());
            case GenerationEvent.Cancelled c -> finish("Cancelled");
        }
    }

    private void finish(String message) {
        status.set(message);
        job = null;
        running.set(false);
    }

    private static String capitalize(String s) { return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1); }
}
