package dev.gallop.app.prompt;

import dev.gallop.app.media.ArgbImage;
import dev.gallop.engine.pipeline.DialogueLine;
import dev.gallop.engine.pipeline.GenerationRequest;
import dev.gallop.engine.pipeline.StructuredPrompt;
import dev.gallop.engine.pipeline.VideoSize;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.random.RandomGenerator;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/// The prompt panel's state and logic: MagiHuman's structured prompt (body, dialogue lines, background sound) with
/// a live render of the exact text the encoder sees, the mode and its input file, aspect, snapped duration, seed
/// control and the model. A model with a size of its own (the demo) is asked for that size or, when the user picks an
/// aspect it has a size for, that size ([Framing]); the resolution applies only to the others, which take both
/// pickers. [#generate()] hands a finished [GenerationRequest] to the queue unless the [Gate] refuses it
/// (the memory plan says it cannot fit); the refusal is then the reason Generate cannot run.
public final class PromptViewModel {

    private final StringProperty body = new SimpleStringProperty("");
    private final ObservableList<DialogueLineModel> dialogue = FXCollections.observableArrayList(DialogueLineModel::observables);
    private final StringProperty sound = new SimpleStringProperty("");
    private final ObjectProperty<GenerationMode> mode = new SimpleObjectProperty<>(GenerationMode.TEXT_TO_VIDEO);
    private final ObjectProperty<Path> image = new SimpleObjectProperty<>();
    private final ObjectProperty<Path> audio = new SimpleObjectProperty<>();
    private final ObjectProperty<VideoSize.Aspect> aspect = new SimpleObjectProperty<>(VideoSize.Aspect.LANDSCAPE_16_9);
    private final BooleanProperty modelOwnSize = new SimpleBooleanProperty(true);
    private final ReadOnlyObjectWrapper<Framing> framing = new ReadOnlyObjectWrapper<>(Framing.LANDSCAPE_16_9);
    private final ObservableList<Framing> framings = FXCollections.observableArrayList();
    private final ObjectProperty<VideoSize.Preset> resolution = new SimpleObjectProperty<>(VideoSize.Preset.P256);
    private final DoubleProperty seconds = new SimpleDoubleProperty(2.08);
    private final StringProperty seed = new SimpleStringProperty("42");
    private final ObjectProperty<SeedControl> seedControl = new SimpleObjectProperty<>(SeedControl.INCREMENT);
    private final ObservableList<ModelChoice> models = FXCollections.observableArrayList();
    private final ObjectProperty<ModelChoice> model = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper rendered = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper durationText = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<VideoSize> modelSize = new ReadOnlyObjectWrapper<>();
    private final ObservableList<GenerationMode> modes = FXCollections.observableArrayList(GenerationMode.TEXT_TO_VIDEO);
    private final ReadOnlyObjectWrapper<ArgbImage> imagePreview = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper inputText = new ReadOnlyStringWrapper("");
    private final Queue queue;
    private final RandomGenerator random;
    private final List<Runnable> changeListeners = new ArrayList<>();
    private String imageText = "", audioText = "";
    private Gate gate = r -> Optional.empty();

    /// Where [#generate()] sends requests: at the end of the queue, or first (Ctrl+Shift+Enter).
    @FunctionalInterface
    public interface Queue {
        void add(GenerationRequest request, String targetClip, boolean first);
    }

    /// Says whether a finished request may be queued: empty, or why not (the memory plan's verdict).
    @FunctionalInterface
    public interface Gate {
        Optional<String> refusal(GenerationRequest r);
    }

    /// @param queue  receives each request made by [#generate()]
    /// @param random draws seeds for [SeedControl#RANDOM]
    public PromptViewModel(Queue queue, RandomGenerator random) {
        this.queue = queue;
        this.random = random;
        seconds.addListener((o, a, b) -> {
            double s = Durations.snap(b.doubleValue());
            if (s != b.doubleValue()) seconds.set(s);
        });
        for (Observable o : new Observable[] {body, dialogue, sound, mode, image, audio, aspect, modelOwnSize, resolution, seconds, seed, model}) {
            o.addListener(x -> refresh());
        }
        for (Observable o : new Observable[] {body, dialogue, sound, mode, image, audio, aspect, modelOwnSize, resolution, seconds, seed,
                seedControl, model}) {
            o.addListener(x -> { for (Runnable r : List.copyOf(changeListeners)) r.run(); });
        }
        refresh();
    }

    /// Called after any field changes (the studio saves the panel with the project).
    public void addChangeListener(Runnable r) { changeListeners.add(r); }

    /// What refuses a finished request (the memory plan); asked whenever the fields change and by [#recheck()].
    public void setGate(Gate g) {
        gate = g;
        refresh();
    }

    /// Asks the [Gate] again (its answer changed: a new memory plan).
    public void recheck() { refresh(); }

    /// The panel's fields as they are now.
    public PromptState state() {
        List<PromptState.Line> lines = dialogue.stream().map(l -> new PromptState.Line(l.speakerProperty().get(), l.languageProperty().get(),
                l.textProperty().get())).toList();
        return new PromptState(body.get(), lines, sound.get(), mode.get(), image.get(), audio.get(), aspect.get(), modelOwnSize.get(),
                resolution.get(), seconds.get(), seed.get(), seedControl.get(), model.get() == null ? null : model.get().folder());
    }

    /// Puts the fields back as `s` has them. The model is chosen when its folder is offered or still holds a model.
    public void restore(PromptState s) {
        body.set(s.body());
        dialogue.setAll(s.dialogue().stream().map(l -> new DialogueLineModel(l.speaker(), l.language(), l.text())).toList());
        sound.set(s.sound());
        restoreInputs(s.image(), s.audio());
        mode.set(s.mode());
        aspect.set(s.aspect());
        modelOwnSize.set(s.modelOwnSize());
        resolution.set(s.resolution());
        seconds.set(s.seconds());
        seed.set(s.seed());
        seedControl.set(s.seedControl());
        if (s.model() != null) chooseModel(s.model());
    }

    /// Load a shot's settings (the clip inspector's "load into the prompt panel"): its prompt sections, input files,
    /// length, seed and, when it is installed, its model; the size picks the matching aspect and resolution, or, for a
    /// model with a size of its own, the matching framing.
    public void load(StructuredPrompt p, java.util.Optional<Path> img, java.util.Optional<Path> aud, double secs, VideoSize size, long seedValue, Path modelFolder) {
        body.set(p.body());
        dialogue.setAll(p.dialogue().stream().map(l -> new DialogueLineModel(l.speaker(), l.language(), l.text())).toList());
        sound.set(p.backgroundSound());
        restoreInputs(img.orElse(null), aud.orElse(null));
        mode.set(img.isPresent() ? GenerationMode.IMAGE_TO_VIDEO : aud.isPresent() ? GenerationMode.AUDIO_TO_VIDEO : GenerationMode.TEXT_TO_VIDEO);
        seconds.set(secs);
        seed.set(Long.toString(seedValue));
        if (size != null) {
            for (VideoSize.Preset pr : VideoSize.Preset.values()) {
                for (VideoSize.Aspect a : VideoSize.Aspect.values()) {
                    if (VideoSize.of(pr, a).equals(size)) {
                        resolution.set(pr);
                        aspect.set(a);
                    }
                }
            }
        }
        if (modelFolder != null) chooseModel(modelFolder);
        ModelChoice m = model.get();
        if (size != null && m != null && m.size().isPresent()) {
            for (Framing f : m.framings()) {
                if (m.size(f).orElseThrow().equals(size)) {
                    chooseFraming(f);
                    break;
                }
            }
        }
    }

    /// Picks the framing: an aspect (for a model with a size of its own, its size for that aspect from now on) or,
    /// for a model with a size of its own, that size.
    public void chooseFraming(Framing f) {
        ModelChoice m = model.get();
        boolean own = m != null && m.size().isPresent();
        f.aspect().ifPresent(aspect::set);
        if (f == Framing.OWN_SIZE || own) modelOwnSize.set(f == Framing.OWN_SIZE);
    }

    /// After a restart: with Increment or Random, a seed at or below `maxUsed` (the highest seed of the project's
    /// takes) moves to `maxUsed + 1`, so a new shot never repeats an earlier one. Fixed seeds are left alone.
    public void ensureSeedAbove(long maxUsed) {
        if (seedControl.get() == SeedControl.FIXED) return;
        try {
            if (Long.parseLong(seed.get().strip()) > maxUsed) return;
        } catch (NumberFormatException e) {
            return;    // the problem line says the seed is not a number
        }
        seed.set(Long.toString(maxUsed == Long.MAX_VALUE ? 0 : maxUsed + 1));
    }

    private void chooseModel(Path folder) {
        Path abs = folder.toAbsolutePath().normalize();
        for (ModelChoice m : models) {
            if (m.folder().toAbsolutePath().normalize().equals(abs)) {
                model.set(m);
                return;
            }
        }
        if (Files.isRegularFile(abs.resolve("model.json"))) model.set(ModelChoice.read(abs.getFileName().toString(), abs, false));
    }

    public StringProperty bodyProperty() { return body; }
    public ObservableList<DialogueLineModel> dialogue() { return dialogue; }
    public StringProperty soundProperty() { return sound; }
    public ObjectProperty<GenerationMode> modeProperty() { return mode; }
    public ObjectProperty<Path> imageProperty() { return image; }
    public ObjectProperty<Path> audioProperty() { return audio; }
    public ObjectProperty<VideoSize.Aspect> aspectProperty() { return aspect; }
    /// For a model with a size of its own: true asks for that size, false for its size at the chosen aspect (when it
    /// has one). Models without a size of their own ignore it.
    public BooleanProperty modelOwnSizeProperty() { return modelOwnSize; }
    /// The framing in effect for the chosen model: its own size, or the aspect (see [#chooseFraming]).
    public ReadOnlyObjectProperty<Framing> framingProperty() { return framing.getReadOnlyProperty(); }
    /// The framings the chosen model offers, in [Framing]'s order.
    public ObservableList<Framing> framings() { return framings; }
    public ObjectProperty<VideoSize.Preset> resolutionProperty() { return resolution; }
    /// Always holds a valid (snapped) length; set any value and it snaps.
    public DoubleProperty secondsProperty() { return seconds; }
    public StringProperty seedProperty() { return seed; }
    public ObjectProperty<SeedControl> seedControlProperty() { return seedControl; }
    public ObservableList<ModelChoice> models() { return models; }
    public ObjectProperty<ModelChoice> modelProperty() { return model; }
    /// Draws seeds for [SeedControl#RANDOM].
    public RandomGenerator random() { return random; }
    /// The final prompt text exactly as the text encoder will see it (or a note while the body is empty).
    public ReadOnlyStringProperty renderedProperty() { return rendered.getReadOnlyProperty(); }
    /// Why Generate cannot run now, or empty.
    public ReadOnlyStringProperty problemProperty() { return problem.getReadOnlyProperty(); }
    /// The size a model with a size of its own will be asked for (its own or its size for the chosen aspect), or null
    /// when the aspect and resolution pickers apply.
    public ReadOnlyObjectProperty<VideoSize> modelSizeProperty() { return modelSize.getReadOnlyProperty(); }
    /// The modes the chosen model can run (image → video needs an image encoder, audio-conditioned an audio encoder).
    public ObservableList<GenerationMode> modes() { return modes; }
    /// A small picture of the chosen image (image → video), or null.
    public ReadOnlyObjectProperty<ArgbImage> imagePreviewProperty() { return imagePreview.getReadOnlyProperty(); }
    /// What the mode's input is: "face.png · 1024×768", "line.wav · 3.20 s", or what to do ("Choose or drop an image").
    public ReadOnlyStringProperty inputTextProperty() { return inputText.getReadOnlyProperty(); }
    /// "2.08 s · 53 frames".
    public ReadOnlyStringProperty durationTextProperty() { return durationText.getReadOnlyProperty(); }

    public DialogueLineModel addDialogueLine() {
        DialogueLineModel l = new DialogueLineModel();
        dialogue.add(l);
        return l;
    }

    /// Replaces the model list (demo first), keeping the selected folder when it is still offered, else choosing the
    /// first (the demo when it is there).
    public void setModels(List<ModelChoice> list) {
        ModelChoice keep = model.get();
        models.setAll(list);
        Optional<ModelChoice> same = keep == null ? Optional.empty()
                : list.stream().filter(m -> m.folder().toAbsolutePath().normalize().equals(keep.folder().toAbsolutePath().normalize())).findFirst();
        model.set(same.orElse(list.isEmpty() ? null : list.getFirst()));
    }

    /// Adds a model folder chosen by the user; it must hold a `model.json`.
    public void addModelFolder(Path folder) {
        if (!Files.isRegularFile(folder.resolve("model.json"))) {
            throw new IllegalArgumentException(folder + " is not a Gallop model folder (it has no model.json)");
        }
        Path abs = folder.toAbsolutePath().normalize();
        ModelChoice c = models.stream().filter(m -> m.folder().equals(abs)).findFirst().orElseGet(() -> {
            ModelChoice n = ModelChoice.read(abs.getFileName().toString(), abs, false);
            models.add(n);
            return n;
        });
        model.set(c);
    }

    /// A file dropped on the panel: an image (by its content) switches to image → video, a sound to
    /// audio-conditioned. Throws naming the file and the problem (not an image or sound, cannot be decoded, or the
    /// model cannot take it).
    public void drop(Path file) {
        if (InputFiles.kind(file) == InputFiles.Kind.IMAGE) chooseImage(file);
        else chooseAudio(file);
    }

    /// The image to start from (image → video), checked by its content; the mode switches to image → video.
    public void chooseImage(Path file) {
        requireMode(GenerationMode.IMAGE_TO_VIDEO);
        InputFiles.Image img = InputFiles.image(file);
        image.set(file);
        imagePreview.set(img.preview());
        imageText = img.describe();
        mode.set(GenerationMode.IMAGE_TO_VIDEO);
        refresh();
    }

    /// The sound to make the clip for (audio-conditioned), checked by its content; the mode switches to it.
    public void chooseAudio(Path file) {
        requireMode(GenerationMode.AUDIO_TO_VIDEO);
        InputFiles.Sound snd = InputFiles.sound(file);
        audio.set(file);
        audioText = snd.describe();
        mode.set(GenerationMode.AUDIO_TO_VIDEO);
        refresh();
    }

    /// Forgets the chosen image and sound and goes back to text → video.
    public void clearInputs() {
        image.set(null);
        audio.set(null);
        imagePreview.set(null);
        imageText = audioText = "";
        mode.set(GenerationMode.TEXT_TO_VIDEO);
    }

    /// Input files from a saved panel or a shot's record: kept when they still check out, else left out (the problem
    /// line then asks for a file when the mode needs one).
    private void restoreInputs(Path img, Path aud) {
        imagePreview.set(null);
        imageText = audioText = "";
        image.set(null);
        audio.set(null);
        try {
            if (img != null) {
                InputFiles.Image i = InputFiles.image(img);
                imagePreview.set(i.preview());
                imageText = i.describe();
                image.set(img);
            }
        } catch (IllegalArgumentException e) {
            // gone or changed since: not used
        }
        try {
            if (aud != null) {
                audioText = InputFiles.sound(aud).describe();
                audio.set(aud);
            }
        } catch (IllegalArgumentException e) {
            // gone or changed since: not used
        }
    }

    private void requireMode(GenerationMode m) {
        ModelChoice c = model.get();
        if (c != null && !c.takes(m)) {
            throw new IllegalArgumentException("the model " + c.name() + " cannot run " + m.label().toLowerCase(Locale.ROOT) + ": it has no "
                    + (m == GenerationMode.IMAGE_TO_VIDEO ? "image encoder" : "audio encoder") + " (choose another model)");
        }
    }

    /// The request the current fields describe; throws naming the first problem.
    public GenerationRequest request() {
        ModelChoice m = model.get();
        if (m == null) throw new IllegalArgumentException("choose a model first (Models panel shows what is installed)");
        StructuredPrompt p = prompt();
        Optional<Path> img = Optional.empty(), aud = Optional.empty();
        switch (mode.get()) {
            case IMAGE_TO_VIDEO -> {
                if (image.get() == null) throw new IllegalArgumentException("image → video needs an image: choose one (or drop it on the prompt panel)");
                img = Optional.of(image.get());
            }
            case AUDIO_TO_VIDEO -> {
                if (audio.get() == null) throw new IllegalArgumentException("audio-conditioned needs a sound file: choose one (or drop it on the prompt panel)");
                aud = Optional.of(audio.get());
            }
            case TEXT_TO_VIDEO -> { }
        }
        return new GenerationRequest(p, img, aud, seconds.get(), size(m), parseSeed(), 0, m.folder());
    }

    /// The request the memory plan is made for: as [#request()], but while the prompt is not finished a one-line
    /// stand-in takes its place, the seed is 0, and the mode's input is there once chosen. Empty without a model.
    public Optional<GenerationRequest> planRequest() {
        ModelChoice m = model.get();
        if (m == null) return Optional.empty();
        StructuredPrompt p;
        try {
            p = prompt();
        } catch (IllegalArgumentException e) {
            p = StructuredPrompt.of("A shot.");
        }
        Optional<Path> img = mode.get() == GenerationMode.IMAGE_TO_VIDEO ? Optional.ofNullable(image.get()) : Optional.empty();
        Optional<Path> aud = mode.get() == GenerationMode.AUDIO_TO_VIDEO ? Optional.ofNullable(audio.get()) : Optional.empty();
        return Optional.of(new GenerationRequest(p, img, aud, seconds.get(), size(m), 0, 0, m.folder()));
    }

    /// The framing the fields ask `m` for: its own size unless an aspect it has a size for is chosen.
    private Framing framing(ModelChoice m) {
        Framing byAspect = Framing.of(aspect.get());
        if (m == null || m.size().isEmpty()) return byAspect;
        return !modelOwnSize.get() && m.framings().contains(byAspect) ? byAspect : Framing.OWN_SIZE;
    }

    private VideoSize size(ModelChoice m) {
        return m.size(framing(m)).orElseGet(() -> VideoSize.of(resolution.get(), aspect.get()));
    }

    private StructuredPrompt prompt() {
        List<DialogueLine> lines = new ArrayList<>();
        for (int i = 0; i < dialogue.size(); i++) if (!dialogue.get(i).isBlank()) lines.add(dialogue.get(i).toLine(i + 1));
        return new StructuredPrompt(body.get(), lines, sound.get());
    }

    /// Queues a job at the end of the queue for the current fields and moves the seed on; on a problem (or when the
    /// [Gate] refuses it) nothing is queued and [#problemProperty()] says why.
    public Optional<GenerationRequest> generate() { return generate(null, false); }

    /// As [#generate()], at the front of the queue when `first` (it runs next).
    public Optional<GenerationRequest> generate(boolean first) { return generate(null, first); }

    /// Regenerate: the job's result becomes a new take of shot `targetClip` (null: a new shot).
    public Optional<GenerationRequest> generate(String targetClip, boolean first) {
        GenerationRequest r;
        try {
            r = request();
        } catch (IllegalArgumentException e) {
            problem.set(e.getMessage());
            return Optional.empty();
        }
        Optional<String> refused = gate.refusal(r);
        if (refused.isPresent()) {
            problem.set(refused.get());
            return Optional.empty();
        }
        queue.add(r, targetClip, first);
        seed.set(Long.toString(seedControl.get().next(r.seed(), random)));
        return Optional.of(r);
    }

    private long parseSeed() {
        try {
            return Long.parseLong(seed.get().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("seed must be a whole number, got '" + seed.get() + "'");
        }
    }

    private void refresh() {
        ModelChoice m = model.get();
        framing.set(framing(m));
        List<Framing> offered = m == null ? List.of(Framing.LANDSCAPE_16_9, Framing.PORTRAIT_9_16) : List.copyOf(m.framings());
        if (!offered.equals(framings)) framings.setAll(offered);
        modelSize.set(m == null ? null : m.size(framing.get()).orElse(null));
        List<GenerationMode> can = model.get() == null ? List.of(GenerationMode.values())
                : java.util.Arrays.stream(GenerationMode.values()).filter(model.get()::takes).toList();
        if (!can.equals(modes)) modes.setAll(can);
        if (!can.contains(mode.get())) {
            mode.set(GenerationMode.TEXT_TO_VIDEO);    // the new model cannot run the old mode: its input stays chosen
            return;                                    // (setting the mode refreshes again)
        }
        inputText.set(switch (mode.get()) {
            case TEXT_TO_VIDEO -> "";
            case IMAGE_TO_VIDEO -> image.get() == null ? "Choose or drop an image to start from" : imageText.isEmpty() ? image.get().getFileName().toString() : imageText;
            case AUDIO_TO_VIDEO -> audio.get() == null ? "Choose or drop a sound to make the clip for" : audioText.isEmpty() ? audio.get().getFileName().toString() : audioText;
        });
        durationText.set(String.format(Locale.ROOT, "%.2f s · %d frames", seconds.get(), Durations.frames(seconds.get())));
        try {
            rendered.set(prompt().render());
        } catch (IllegalArgumentException e) {
            rendered.set("(" + e.getMessage() + ")");
        }
        try {
            problem.set(gate.refusal(request()).orElse(""));
        } catch (IllegalArgumentException e) {
            problem.set(e.getMessage());
        }
    }


}
