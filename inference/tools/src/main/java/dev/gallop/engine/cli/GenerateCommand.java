package dev.gallop.engine.cli;

import dev.gallop.engine.backend.Backends;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.MemoryBudget;
import dev.gallop.engine.io.output.OutputGroup;
import dev.gallop.engine.io.safetensors.SafetensorsWriter;
import dev.gallop.engine.media.Mp4Writer;
import dev.gallop.engine.pipeline.DialogueLine;
import dev.gallop.engine.pipeline.GeneratedClip;
import dev.gallop.engine.pipeline.GenerationEvent;
import dev.gallop.engine.pipeline.GenerationJob;
import dev.gallop.engine.pipeline.GenerationRequest;
import dev.gallop.engine.pipeline.Language;
import dev.gallop.engine.pipeline.LatentClip;
import dev.gallop.engine.pipeline.ModelVariant;
import dev.gallop.engine.pipeline.SrStage;
import dev.gallop.engine.pipeline.StructuredPrompt;
import dev.gallop.engine.pipeline.VideoSize;
import dev.gallop.engine.pipeline.discovery.ModelManifest;
import dev.gallop.engine.pipeline.local.GenerationPlan;
import dev.gallop.engine.pipeline.local.GenerationRecord;
import dev.gallop.engine.pipeline.local.LocalGenerator;
import dev.gallop.engine.pipeline.local.MemoryPlan;
import dev.gallop.engine.pipeline.local.MemoryPlanner;
import dev.gallop.engine.pipeline.local.Residency;
import dev.gallop.engine.runtime.CancelToken;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/// `gallop generate`: runs a model folder headless and writes the result and every step's x₀.
final class GenerateCommand {
    static final String USAGE = """
            gallop generate [--model DIR] --prompt TEXT --out FILE [options]
            gallop generate [--model DIR] --prompt TEXT --plan [options]
              --model DIR          a models root in the ComfyUI layout (diffusion_models/magihuman/..., see
                                   `gallop models`), or a model folder with model.json;
                                   default: the built-in demo model (assets/models/demo)
              --variant V          distill (default: 8 steps) or base (32 UniPC steps with guidance); models root only
              --prompt TEXT        main body of the prompt
              --dialogue S|L|TEXT  a dialogue line: speaker, language (english, mandarin, cantonese, japanese,
                                   korean, german, french) and words; repeatable
              --sound TEXT         background sound
              --seconds S          duration (default 2; with --audio the track sets it, at most S, default all of it)
              --size WxH           base pixel size, multiples of 32 (default: the model's own size, else 448x256); or
              --res 256p|540p|1080p and --aspect 16:9|9:16 (with a model of its own size, --aspect alone gives
                                   the model's size for that aspect when its model.json names one)
              --sr 540p|1080p      add a super-resolution stage (896x512 / 1920x1088 in the base's aspect)
              --sr-size WxH        super-resolution pixel size instead of the preset's
              --seed N             noise seed (default 42)
              --steps N            sampler steps (default: the model's)
              --device ID          auto (default), cpu, cuda, cuda:1
              --vram SIZE          memory budget on the device, e.g. 24G or 16G (default auto: its free memory);
                                   the run is planned to fit it (fp8 weights, parts released or on the CPU) and
                                   refused before any work when it cannot
              --plan               print the memory plan (each stage's predicted peak, the placement chosen) and
                                   exit: 0 when it fits, 4 when it does not; needs no --out
              --out FILE           result: .mp4 (needs a model with a video decoder; sound if it has an audio
                                   decoder) or .safetensors with the final latents (video [C,T,H,W], audio [n,A])
              --steps-out FILE     every step's x0 and the final latents (default: FILE with .steps.safetensors)
              --image FILE         reference image, PNG or JPEG: the clip starts from it (needs the Wan2.2 VAE)
              --audio FILE         audio track the clip is made for (any format FFmpeg reads; needs the audio VAE)
            """;

    /// Exit status of a request whose memory plan does not fit the budget.
    static final int NO_FIT = 4;

    private GenerateCommand() {}

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        CliArgs a = new CliArgs(args, 1, Set.of("model", "prompt", "dialogue", "sound", "seconds", "size", "res", "aspect",
                "seed", "steps", "device", "out", "steps-out", "image", "audio", "variant", "sr", "sr-size", "vram"), Set.of("quiet", "plan"));
        Path model = a.get("model", null) != null ? Path.of(a.get("model", null)) : dev.gallop.engine.demo.DemoModel.folder().orElseThrow(
                () -> new CliArgs.UsageException("no --model given and the demo model (assets/models/demo) was not found"));
        boolean planOnly = a.flag("plan");
        MemoryBudget budget = parse(() -> MemoryBudget.parse(a.get("vram", "auto")));
        Path outFile = Path.of(planOnly ? a.get("out", "plan.safetensors") : a.require("out"));
        String outName = outFile.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean mp4 = outName.endsWith(".mp4");
        if (!mp4 && !outName.endsWith(".safetensors")) throw new CliArgs.UsageException("--out must end in .mp4 or .safetensors, got " + outFile);
        String stem = outFile.toString().replaceAll("\\.(safetensors|mp4|MP4)$", "");
        Path stepsFile = Path.of(a.get("steps-out", stem + ".steps.safetensors"));
        List<DialogueLine> dialogue = new ArrayList<>();
        for (String d : a.all("dialogue")) dialogue.add(dialogueLine(d));
        StructuredPrompt prompt = new StructuredPrompt(a.require("prompt"), dialogue, a.get("sound", ""));
        Optional<Path> image = Optional.ofNullable(a.get("image", null)).map(Path::of);
        Optional<Path> audio = Optional.ofNullable(a.get("audio", null)).map(Path::of);
        ModelVariant variant = a.get("variant", null) == null ? null : parse(() -> ModelVariant.parse(a.get("variant", null)));
        VideoSize size = baseSize(a, model);
        Optional<SrStage> sr = Optional.empty();
        if (a.get("sr", null) != null) {
            SrStage.Model m = parse(() -> SrStage.Model.parse(a.get("sr", null)));
            sr = Optional.of(a.get("sr-size", null) == null ? SrStage.of(m, size) : new SrStage(m, size(a, "sr-size")));
        } else if (a.get("sr-size", null) != null) {
            throw new CliArgs.UsageException("--sr-size needs --sr 540p|1080p");
        }
        double seconds = a.number("seconds", audio.isPresent() ? GenerationRequest.MAX_SECONDS : 2);
        GenerationRequest req = new GenerationRequest(prompt, image, audio, seconds, size, a.integer("seed", 42),
                (int) a.integer("steps", 0), model, variant, sr);
        for (Optional<Path> p : List.of(req.image(), req.audio())) {
            if (p.isPresent() && !Files.isRegularFile(p.get())) throw new CliArgs.UsageException("input file " + p.get() + " does not exist");
        }
        ModelManifest manifest = ModelManifest.open(model, variant);
        if (mp4 && !planOnly && manifest.component(ModelManifest.VIDEO_DECODER).isEmpty()) {
            throw new CliArgs.UsageException("model " + manifest.name() + " cannot write " + outFile + ": " + manifest.whyUnavailable(
                    ModelManifest.VIDEO_DECODER, "it has no video decoder") + "; write latents with --out FILE.safetensors");
        }
        Device device = Backends.device(a.get("device", "auto"));
        boolean quiet = a.flag("quiet");
        if (!quiet) {
            err.println("gallop: " + (audio.isPresent() ? "up to " : "") + String.format(Locale.ROOT, "%.2f", (req.videoFrames() - 1) / 25.0)
                    + " s (" + req.videoFrames() + " frames) at " + req.size() + sr.map(s -> " → " + s.model().label() + " " + s.size()).orElse("")
                    + " with " + manifest.name() + " on " + device.description());
        }

        // Everything that can fail before the work does: the plan's limits, the output folders (created, writable,
        // cleared of what dead runs left, locked against a second run on the same files) and their room.
        GenerationPlan plan = GenerationPlan.of(req, manifest);
        plan.check(manifest.name(), manifest.component(ModelManifest.VIDEO_DECODER).isPresent());
        MemoryPlan memory = MemoryPlanner.plan(req, manifest, device, budget, false);
        if (planOnly) {
            out.print(memory.table());
            return memory.fits() ? 0 : NO_FIT;
        }
        if (!memory.fits()) {
            err.println("gallop: " + memory.verdict());
            return NO_FIT;
        }
        if (!quiet) err.println("gallop: memory " + memory.summary());
        Path sidecar = Path.of(stem + ".json");
        List<Path> targets = new ArrayList<>(List.of(outFile));
        if (mp4) targets.add(sidecar);
        targets.add(stepsFile);
        long estimate = plan.stepsFileBytes() + (mp4 ? Mp4Writer.estimateBytes(plan.frames(), plan.output().width(),
                plan.output().height(), req.seconds(), manifest.component(ModelManifest.AUDIO_DECODER).isPresent()) + (64 << 10)
                : plan.latentFileBytes());
        try (OutputGroup outputs = OutputGroup.prepare(targets, estimate, "this generation")) {
            if (!quiet && !outputs.swept().isEmpty()) {
                err.println("gallop: removed " + outputs.swept().size() + " partial file(s) left by runs that did not finish");
            }
            return generate(req, manifest, device, budget, outputs, outFile, sidecar, stepsFile, mp4, prompt, quiet, out, err);
        }
    }

    private static int generate(GenerationRequest req, ModelManifest manifest, Device device, MemoryBudget budget, OutputGroup outputs, Path outFile,
                                Path sidecar, Path stepsFile, boolean mp4, StructuredPrompt prompt, boolean quiet, PrintStream out,
                                PrintStream err) throws Exception {
        SafetensorsWriter steps = new SafetensorsWriter().metadata("prompt", prompt.render()).metadata("seed", Long.toString(req.seed()));
        long t0 = System.nanoTime();
        try (LocalGenerator gen = new LocalGenerator(device, Residency.RELEASE_AFTER_USE)) {
            gen.setBudget(budget);
            int[] tenth = {-1};     // the last progress line printed, in tenths (progress comes once per percent)
            GenerationJob job = gen.submit(req, e -> {
                switch (e) {
                    case GenerationEvent.Phase p -> {
                        int t = p.isProgress() ? (int) (p.fraction() * 10) : -1;
                        if (!quiet && (t < 0 || t != tenth[0])) err.printf(Locale.ROOT, "gallop: %s  %.1f s%n", p.name(), (System.nanoTime() - t0) / 1e9);
                        tenth[0] = t;
                    }
                    case GenerationEvent.Step s -> {
                        String stage = s.stage().equals(GenerationEvent.Step.BASE) ? "" : s.stage() + ".";
                        put(steps, stage + "step" + (s.index() - 1) + ".x0", s.preview());
                        if (!quiet) err.printf(Locale.ROOT, "gallop: %sstep %d/%d  sigma %.4f  %.1f s%n", stage.replace('.', ' '), s.index(), s.total(), s.sigma(), (System.nanoTime() - t0) / 1e9);
                    }
                    default -> { }
                }
            });
            GeneratedClip clip;
            try {
                clip = job.await();
            } catch (java.util.concurrent.CancellationException e) {
                err.println("gallop: cancelled");
                return 3;
            }
            String record = GenerationRecord.of(clip.request(), manifest).toString();   // as generated (audio sets the length)
            // every file written and checked first, then all put in place together: a failure leaves none of them
            if (mp4) {
                Mp4Writer.write(outputs.open(outFile), clip.video(), clip.audio(), GenerationRequest.FPS, Map.of("comment", record), p -> { },
                        CancelToken.NEVER);
                outputs.open(sidecar).write(java.nio.ByteBuffer.wrap(record.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            } else {
                SafetensorsWriter result = new SafetensorsWriter().metadata("generation", record);
                put(result, "final", clip.latents());
                result.write(outputs.open(outFile));
            }
            put(steps, "final", clip.latents());
            steps.write(outputs.open(stepsFile));
            outputs.commit();
            out.println("wrote " + outFile + (mp4 ? ", " + sidecar : "") + " and " + stepsFile);
            return 0;
        }
    }

    private static void put(SafetensorsWriter w, String prefix, LatentClip c) {
        w.add(prefix + ".video", c.video(), Shape.of(c.channels(), c.frames(), c.height(), c.width()), DType.F32);
        w.add(prefix + ".audio", c.audio(), Shape.of(c.audioFrames(), c.audioChannels()), DType.F32);
    }

    private static <T> T parse(java.util.function.Supplier<T> p) {
        try {
            return p.get();
        } catch (IllegalArgumentException e) {
            throw new CliArgs.UsageException(e.getMessage());
        }
    }

    static VideoSize size(CliArgs a) { return size(a, "size"); }

    /// --size or --res/--aspect if given, else the model folder's own `video_size` (the demo model), else 256p 16:9.
    /// For a model with its own size, --aspect alone (no --size, no --res) gives the size its `"aspect_sizes"` names
    /// for that aspect, and the 256p preset of that aspect when it names none.
    static VideoSize baseSize(CliArgs a, Path model) throws IOException {
        if (a.get("size", null) == null && a.get("res", null) == null && Files.isRegularFile(model.resolve(ModelManifest.FILE))) {
            ModelManifest m = ModelManifest.read(model);
            if (m.videoSize().isPresent()) {
                if (a.get("aspect", null) == null) return m.videoSize().get();
                Optional<VideoSize> forAspect = m.aspectSize(aspect(a));
                if (forAspect.isPresent()) return forAspect.get();
            }
        }
        return size(a, "size");
    }

    static VideoSize size(CliArgs a, String option) {
        String s = a.get(option, null);
        if (s != null) {
            return VideoSize.parse(s).orElseThrow(() -> new CliArgs.UsageException("--" + option + " must look like 448x256, got '" + s + "'"));
        }
        VideoSize.Preset preset = switch (a.get("res", "256p").toLowerCase(Locale.ROOT)) {
            case "256p" -> VideoSize.Preset.P256;
            case "540p" -> VideoSize.Preset.P540;
            case "1080p" -> VideoSize.Preset.P1080;
            default -> throw new CliArgs.UsageException("--res must be 256p, 540p or 1080p, got '" + a.get("res", "") + "'");
        };
        return VideoSize.of(preset, aspect(a));
    }

    private static VideoSize.Aspect aspect(CliArgs a) {
        return switch (a.get("aspect", "16:9")) {
            case "16:9" -> VideoSize.Aspect.LANDSCAPE_16_9;
            case "9:16" -> VideoSize.Aspect.PORTRAIT_9_16;
            default -> throw new CliArgs.UsageException("--aspect must be 16:9 or 9:16, got '" + a.get("aspect", "") + "'");
        };
    }

    static DialogueLine dialogueLine(String spec) {
        String[] p = spec.split("\\|", 3);
        if (p.length != 3) throw new CliArgs.UsageException("--dialogue must be SPEAKER|LANGUAGE|TEXT, got '" + spec + "'");
        Language lang = switch (p[1].trim().toLowerCase(Locale.ROOT)) {
            case "english", "en" -> Language.ENGLISH;
            case "mandarin", "chinese", "zh" -> Language.CHINESE_MANDARIN;
            case "cantonese", "yue" -> Language.CHINESE_CANTONESE;
            case "japanese", "ja" -> Language.JAPANESE;
            case "korean", "ko" -> Language.KOREAN;
            case "german", "de" -> Language.GERMAN;
            case "french", "fr" -> Language.FRENCH;
            default -> throw new CliArgs.UsageException("unknown dialogue language '" + p[1] + "' in --dialogue");
        };
        return new DialogueLine(p[0], lang, p[2]);
    }

}
