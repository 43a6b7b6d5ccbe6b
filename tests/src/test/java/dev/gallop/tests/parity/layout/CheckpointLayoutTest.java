package dev.gallop.tests.parity.layout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.io.Checkpoints;
import dev.gallop.engine.io.pickle.PickleWriter;
import dev.gallop.engine.io.pickle.TorchZipWriter;
import dev.gallop.engine.io.safetensors.Checkpoint;
import dev.gallop.engine.io.safetensors.SafetensorsWriter;
import dev.gallop.engine.models.audio.AudioVaeLayout;
import dev.gallop.engine.models.audio.OobleckConfig;
import dev.gallop.engine.models.vae.TurboVaedConfig;
import dev.gallop.engine.models.vae.TurboVaedLayout;
import dev.gallop.engine.nn.WeightPolicy;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.pipeline.AudioDecoder;
import dev.gallop.engine.pipeline.DecodedAudio;
import dev.gallop.engine.pipeline.DecodedVideo;
import dev.gallop.engine.pipeline.VideoDecoder;
import dev.gallop.engine.pipeline.discovery.ComponentSpec;
import dev.gallop.engine.pipeline.local.Components;
import dev.gallop.engine.runtime.CancelToken;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import dev.gallop.tests.parity.GoldenDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/// The key layouts the released checkpoints use, built as tiny files from every golden folder's weights and loaded
/// through the model loaders ([Components], as `gallop generate` loads them):
///
/// * Turbo-VAED: upstream's `.ckpt`, a torch.save archive whose `ema_state_dict` holds the decoder under
///   `module.decoder.`, `decoder.`, `module.` or no prefix (upstream's loader strips `module.` and adds `decoder.`),
///   beside a non-EMA `state_dict`, a training-only projection and a step counter; and `.safetensors` conversions with
///   and without the prefixes;
/// * the audio VAE: SAO's `model.safetensors` (`pretransform.model.*` beside the audio DiT's own keys), SAO's
///   `model.ckpt` (`state_dict.pretransform.model.*`) and an autoencoder saved on its own (`encoder.*`, `decoder.*`).
///
/// Every layout must decode to the very bytes the golden file gives, and the layout found must be named.
class CheckpointLayoutTest {
    @TempDir Path tmp;

    /// One tensor of a golden file, renamed: its values and dims.
    record Entry(String name, float[] data, long[] dims) {}

    static Stream<Arguments> turboLayouts() {
        List<Arguments> out = new ArrayList<>();
        for (GoldenDirs.Dir d : GoldenDirs.turboVaed()) {
            for (String p : List.of("module.decoder.", "decoder.", "module.", "")) out.add(Arguments.of(d, "ckpt", "ema_state_dict.", p));
            out.add(Arguments.of(d, "safetensors", "", "decoder."));
            out.add(Arguments.of(d, "safetensors", "", ""));
            out.add(Arguments.of(d, "safetensors", "ema_state_dict.", "module.decoder."));
        }
        return out.stream();
    }

    static Stream<GoldenDirs.Dir> turboFolders() { return GoldenDirs.turboVaed().stream(); }

    static Stream<Arguments> audioLayouts() {
        List<Arguments> out = new ArrayList<>();
        for (GoldenDirs.Dir d : GoldenDirs.oobleck()) {
            out.add(Arguments.of(d, "model.safetensors", "pretransform.model."));
            out.add(Arguments.of(d, "model.safetensors", ""));
            out.add(Arguments.of(d, "model.ckpt", "state_dict.pretransform.model."));
        }
        return out.stream();
    }

    /// The tensors under the autoencoder/decoder scope of a golden weights file, with that scope stripped.
    static List<Entry> scoped(Path weights, UnaryOperator<Weights> scope) throws IOException {
        List<Entry> out = new ArrayList<>();
        try (Checkpoint ck = Checkpoints.open(weights)) {
            Weights w = scope.apply(Weights.open(ck, CpuDevice.get(), WeightPolicy.KEEP));
            for (String k : ck.keys()) {
                if (!k.startsWith(w.prefix())) continue;
                Shape s = ck.info(k).shape();
                long[] dims = new long[s.rank()];
                for (int i = 0; i < dims.length; i++) dims[i] = s.dim(i);
                out.add(new Entry(k.substring(w.prefix().length()), w.floats(k.substring(w.prefix().length()), s), dims));
            }
        }
        return out;
    }

    static void safetensors(Path file, String prefix, List<Entry> entries, Map<String, float[]> extra) throws IOException {
        SafetensorsWriter out = new SafetensorsWriter();
        for (Entry e : entries) out.add(prefix + e.name(), e.data(), Shape.of(e.dims()), DType.F32);
        for (var x : extra.entrySet()) out.add(x.getKey(), x.getValue(), Shape.of(x.getValue().length), DType.F32);
        out.write(file);
    }

    /// A torch.save archive: `{root: {prefix + name: tensor, ...}, ...others}`, each tensor in its own storage.
    static void ckpt(Path file, Map<String, Map<String, Entry>> dicts, Map<String, Object> scalars) throws IOException {
        Map<String, Object> top = new LinkedHashMap<>();
        Map<String, byte[]> storages = new LinkedHashMap<>();
        for (var dict : dicts.entrySet()) {
            Map<String, Object> sd = new LinkedHashMap<>();
            for (var e : dict.getValue().entrySet()) {
                Entry t = e.getValue();
                String key = Integer.toString(storages.size());
                long[] stride = new long[t.dims().length];
                long st = 1;
                for (int i = stride.length - 1; i >= 0; i--) { stride[i] = st; st *= t.dims()[i]; }
                sd.put(e.getKey(), new PickleWriter.Tensor("FloatStorage", key, t.data().length, 0, t.dims(), stride));
                storages.put(key, TorchZipWriter.encode(t.data(), "F32"));
            }
            top.put(dict.getKey(), new PickleWriter.Ordered(sd));
        }
        top.putAll(scalars);
        TorchZipWriter z = new TorchZipWriter(file.getFileName().toString().replaceFirst("\\.[^.]*$", ""), PickleWriter.pickle(top));
        storages.forEach(z::storage);
        z.write(file);
    }

    static Map<String, Entry> renamed(List<Entry> entries, String prefix, float scale) {
        Map<String, Entry> out = new LinkedHashMap<>();
        for (Entry e : entries) {
            float[] v = e.data().clone();
            for (int i = 0; i < v.length; i++) v[i] *= scale;
            out.put(prefix + e.name(), new Entry(prefix + e.name(), v, e.dims()));
        }
        return out;
    }

    static String turboDescription(String root, String prefix) {
        return (root.isEmpty() ? "plain state dict" : "EMA state dict ('ema_state_dict')")
                + (prefix.isEmpty() ? ", decoder keys at the top level ('conv_in.*')" : ", keys '" + prefix + "*'");
    }

    @ParameterizedTest(name = "{0} {1} {2}{3}")
    @MethodSource("turboLayouts")
    void turboVaedLoadsTheReleasedLayouts(GoldenDirs.Dir d, String format, String root, String prefix) throws Exception {
        TurboVaedConfig cfg = TurboVaedConfig.fromJson(new ObjectMapper().readTree(d.resolve("config.json").toFile()));
        List<Entry> decoder = scoped(d.resolve("weights.safetensors"), w -> TurboVaedLayout.detect(w).scope(w));
        Path folder = Files.createDirectories(tmp.resolve("turbo"));
        Files.copy(d.resolve("config.json"), folder.resolve("TurboV3-Wan22-TinyShallow_7_7.json"));
        Path file;
        if (format.equals("ckpt")) {
            file = folder.resolve("checkpoint-340000.ckpt");
            Map<String, Map<String, Entry>> dicts = new LinkedHashMap<>();
            Map<String, Entry> ema = renamed(decoder, prefix, 1f);
            long[] proj = {2, 3};
            ema.put("module.aligned_feature_projection_heads.0.weight",
                    new Entry("module.aligned_feature_projection_heads.0.weight", new float[6], proj));
            dicts.put("ema_state_dict", ema);
            dicts.put("state_dict", renamed(decoder, prefix, 0.5f));   // the non-EMA weights: other values, never read
            ckpt(file, dicts, Map.of("step", 340000L));
        } else {
            file = folder.resolve("turbo_vaed.safetensors");
            safetensors(file, root + prefix, decoder, Map.of());
        }
        try (Checkpoint ck = Checkpoints.open(file)) {
            TurboVaedLayout found = TurboVaedLayout.detect(Weights.open(ck, CpuDevice.get(), WeightPolicy.KEEP));
            assertEquals(new TurboVaedLayout(root, prefix), found);
            assertEquals(turboDescription(root, prefix), found.describe());
        }

        int c = cfg.latentChannels();
        float[] z = new float[c * 2];
        for (int i = 0; i < z.length; i++) z[i] = (float) Math.sin(0.7 * i);
        VideoDecoder loaded = Components.videoDecoder(new ComponentSpec("turbo-vaed", folder), CpuDevice.get());
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        Files.copy(d.resolve("config.json"), plain.resolve("config.json"));
        Files.copy(d.resolve("weights.safetensors"), plain.resolve("weights.safetensors"));
        VideoDecoder reference = Components.videoDecoder(new ComponentSpec("turbo-vaed", plain), CpuDevice.get());
        DecodedVideo a = loaded.decode(z, c, 2, 1, 1, CancelToken.NEVER), b = reference.decode(z, c, 2, 1, 1, CancelToken.NEVER);
        assertArrayEquals(b.rgb(), a.rgb(), "frames decoded from the " + found(root, prefix) + " layout differ from the golden file's");
    }

    private static String found(String root, String prefix) { return turboDescription(root, prefix); }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("audioLayouts")
    void audioVaeLoadsTheReleasedLayouts(GoldenDirs.Dir d, String fileName, String prefix) throws Exception {
        OobleckConfig cfg = OobleckConfig.load(d.resolve("config.json"));
        List<Entry> vae = scoped(d.resolve("weights.safetensors"), w -> AudioVaeLayout.detect(w).scope(w));
        Path folder = Files.createDirectories(tmp.resolve("sao"));
        Files.copy(d.resolve("config.json"), folder.resolve("model_config.json"));
        Path file = folder.resolve(fileName);
        Map<String, float[]> dit = Map.of("model.model.transformer.layers.0.weight", new float[] {1, 2, 3},
                "conditioner.conditioners.seconds_total.weight", new float[] {4, 5});
        if (fileName.endsWith(".ckpt")) {
            Map<String, Map<String, Entry>> dicts = new LinkedHashMap<>();
            Map<String, Entry> sd = renamed(vae, "pretransform.model.", 1f);
            for (var x : dit.entrySet()) sd.put(x.getKey(), new Entry(x.getKey(), x.getValue(), new long[] {x.getValue().length}));
            dicts.put("state_dict", sd);
            ckpt(file, dicts, Map.of("global_step", 1000L));
        } else {
            safetensors(file, prefix, vae, prefix.isEmpty() ? Map.of() : dit);
        }
        String expected = switch (prefix) {
            case "pretransform.model." -> "Stable-Audio-Open checkpoint, keys 'pretransform.model.*'";
            case "state_dict.pretransform.model." -> "Stable-Audio-Open training checkpoint, keys 'state_dict.pretransform.model.*'";
            default -> "autoencoder on its own, keys 'encoder.*' / 'decoder.*'";
        };
        try (Checkpoint ck = Checkpoints.open(file)) {
            AudioVaeLayout found = AudioVaeLayout.detect(Weights.open(ck, CpuDevice.get(), WeightPolicy.KEEP));
            assertEquals(new AudioVaeLayout(prefix), found);
            assertEquals(expected, found.describe());
        }

        int frames = 2, ch = cfg.decoderLatent();
        float[] z = new float[frames * ch];
        for (int i = 0; i < z.length; i++) z[i] = (float) Math.cos(0.3 * i);
        AudioDecoder loaded = Components.audioDecoder(new ComponentSpec("oobleck", folder), CpuDevice.get());
        Path plain = Files.createDirectories(tmp.resolve("plain-sao"));
        Files.copy(d.resolve("config.json"), plain.resolve("model_config.json"));
        Files.copy(d.resolve("weights.safetensors"), plain.resolve("model.safetensors"));
        AudioDecoder reference = Components.audioDecoder(new ComponentSpec("oobleck", plain), CpuDevice.get());
        DecodedAudio a = loaded.decode(z, frames), b = reference.decode(z, frames);
        assertArrayEquals(b.samples(), a.samples(), "sound decoded from the " + expected + " layout differs from the golden file's");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("turboFolders")
    void aCheckpointInNoKnownLayoutIsNamedWithWhatWasTried(GoldenDirs.Dir d) throws Exception {
        List<Entry> decoder = scoped(d.resolve("weights.safetensors"), w -> TurboVaedLayout.detect(w).scope(w));
        Path file = tmp.resolve("other.safetensors");
        safetensors(file, "vae.first_stage.", decoder, Map.of());
        try (Checkpoint ck = Checkpoints.open(file)) {
            Weights w = Weights.open(ck, CpuDevice.get(), WeightPolicy.KEEP);
            var e = assertThrows(IllegalArgumentException.class, () -> TurboVaedLayout.detect(w));
            assertTrue(e.getMessage().contains("'ema_state_dict.module.decoder.conv_in.conv.weight'")
                    && e.getMessage().contains("'conv_in.conv.weight'") && e.getMessage().contains("vae.first_stage."), e.getMessage());
            var a = assertThrows(IllegalArgumentException.class, () -> AudioVaeLayout.detect(w));
            assertTrue(a.getMessage().contains("'pretransform.model.decoder.layers.0.weight_v'")
                    && a.getMessage().contains("'decoder.layers.0.weight_v'"), a.getMessage());
        }
    }
}
