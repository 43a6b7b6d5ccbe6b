package dev.gallop.tests.parity.audio;

import static dev.gallop.tests.parity.audio.AudioGolden.check;
import static dev.gallop.tests.parity.audio.AudioGolden.timeMajor;

import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.io.Checkpoints;
import dev.gallop.engine.io.safetensors.Checkpoint;
import dev.gallop.engine.io.safetensors.SafetensorsFile;
import dev.gallop.engine.models.audio.AudioVaeLayout;
import dev.gallop.engine.models.audio.OobleckConfig;
import dev.gallop.engine.models.audio.OobleckDecoder;
import dev.gallop.engine.models.audio.OobleckEncoder;
import dev.gallop.engine.models.audio.Resample441;
import dev.gallop.engine.nn.WeightPolicy;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.pipeline.DecodedAudio;
import dev.gallop.tests.parity.GoldenDirs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/// The Oobleck audio VAE and the 441/512 resample against every golden folder of `-Dgallop.goldens.oobleck` (by
/// default the shared set's copy, tests/fixtures/magihuman-decoders/oobleck, and the float64 reference set
/// tests/fixtures/f64/oobleck). Every tensor the io file holds is compared, in forward order, with the gates of the
/// goldens' README: wave 2e-5, mean/scale/stdev 2e-6, sampled latent 4e-6, resample 1e-6; intermediates 2e-5 relative
/// to their peak (at least 2e-5). Widths, lengths and the number of blocks come from the set.
class OobleckParityTest {
    static List<GoldenDirs.Dir> dirs() { return GoldenDirs.oobleck(); }

    static Stream<GoldenDirs.Dir> folders() { return dirs().stream(); }

    /// Every folder, once with the vector kernels and once with the scalar ones.
    static Stream<Arguments> foldersAndPaths() {
        List<Arguments> out = new ArrayList<>();
        for (GoldenDirs.Dir d : dirs()) for (boolean v : new boolean[] {true, false}) out.add(Arguments.of(d, v));
        return out.stream();
    }

    /// Decoder and encoder both read from one weights file, and together consume every key.
    private interface Body { void run(OobleckConfig cfg, OobleckDecoder dec, OobleckEncoder enc, SafetensorsFile io); }

    private static void withModel(GoldenDirs.Dir dir, Body body) throws Exception {
        OobleckConfig cfg = OobleckConfig.load(dir.resolve("config.json"));
        try (Checkpoint wf = Checkpoints.open(dir.resolve("weights.safetensors"));
             SafetensorsFile io = SafetensorsFile.open(dir.resolve("io.safetensors"))) {
            Weights root = Weights.open(wf, CpuDevice.get(), WeightPolicy.KEEP);
            Weights w = AudioVaeLayout.detect(root).scope(root);
            OobleckDecoder dec = new OobleckDecoder(cfg, w);
            OobleckEncoder enc = new OobleckEncoder(cfg, w);
            root.requireAllConsumed();
            body.run(cfg, dec, enc, io);
        }
    }

    private static double interGate(float[] golden) {
        double peak = 0;
        for (float v : golden) peak = Math.max(peak, Math.abs(v));
        return 2e-5 * Math.max(1.0, peak);
    }

    @ParameterizedTest(name = "{0} vector={1}")
    @MethodSource("foldersAndPaths")
    void decoderMatchesReference(GoldenDirs.Dir dir, boolean vector) throws Exception {
        withModel(dir, (cfg, dec, enc, io) -> {
            float[] latent = timeMajor(io, "decoder.latent");
            int frames = AudioGolden.steps(io, "decoder.latent");
            Map<String, float[]> taps = new HashMap<>();
            float[] wave = dec.decodeWave(latent, frames, (name, data, steps, ch) -> taps.put(name, data), vector);
            List<AudioGolden.Check> checks = AudioGolden.list();
            for (int i = 0; i <= cfg.depth() + 2; i++) {
                String key = "decoder.inter.layers." + i;
                if (!io.contains(key)) continue;
                float[] g = timeMajor(io, key);
                checks.add(check(key, taps.get("layers." + i), g, interGate(g)));
            }
            checks.add(check("decoder.wave", wave, timeMajor(io, "decoder.wave"), 2e-5));
            AudioGolden.report("Oobleck decoder " + dir + " (vector=" + vector + ", " + frames + " latent frames)", checks);
        });
    }

    @ParameterizedTest(name = "{0} vector={1}")
    @MethodSource("foldersAndPaths")
    void encoderMatchesReferenceWithStoredNoise(GoldenDirs.Dir dir, boolean vector) throws Exception {
        withModel(dir, (cfg, dec, enc, io) -> {
            float[] wave = timeMajor(io, "encoder.wave");
            Map<String, float[]> taps = new HashMap<>();
            OobleckEncoder.Moments m = enc.moments(wave, (name, data, steps, ch) -> taps.put(name, data), vector);
            List<AudioGolden.Check> checks = AudioGolden.list();
            for (int i = 0; i <= cfg.depth() + 2; i++) {
                String key = "encoder.inter.layers." + i;
                if (!io.contains(key)) continue;
                float[] g = timeMajor(io, key);
                checks.add(check(key, taps.get("layers." + i), g, interGate(g)));
            }
            checks.add(check("encoder.mean", m.mean(), timeMajor(io, "encoder.mean"), 2e-6));
            checks.add(check("encoder.scale", m.scale(), timeMajor(io, "encoder.scale"), 2e-6));
            checks.add(check("encoder.stdev", m.stdev(), timeMajor(io, "encoder.stdev"), 2e-6));
            float[] eps = timeMajor(io, "encoder.noise");
            checks.add(check("encoder.latent_sampled", m.sample(eps), timeMajor(io, "encoder.latent_sampled"), 4e-6));
            // the sampling step alone, on the golden moments: ε·stdev + mean reproduces the stored sample
            OobleckEncoder.Moments gm = new OobleckEncoder.Moments(timeMajor(io, "encoder.mean"), timeMajor(io, "encoder.scale"),
                    m.frames(), m.channels());
            checks.add(check("sample(golden mean, scale)", gm.sample(eps), timeMajor(io, "encoder.latent_sampled"), 1e-6));
            AudioGolden.report("Oobleck encoder " + dir + " (vector=" + vector + ", " + m.frames() + " latent frames)", checks);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("folders")
    void resampleMatchesScipy(GoldenDirs.Dir dir) throws Exception {
        try (SafetensorsFile io = SafetensorsFile.open(dir.resolve("io.safetensors"))) {
            int[] in = io.info("resample.input_51200").shape().dims();
            int[] outShape = io.info("resample.output_44100").shape().dims();
            long t0 = System.nanoTime();
            float[] y = Resample441.resample(io.floats("resample.input_51200"), in[1]);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (y.length != outShape[0] * outShape[1]) throw new AssertionError("resample gave " + y.length / in[1] + " samples, golden "
                    + outShape[0]);
            List<AudioGolden.Check> checks = AudioGolden.list();
            checks.add(check("resample.output_44100", y, io.floats("resample.output_44100"), 1e-6));
            if (io.contains("resample.output_44100_f64ref")) {
                checks.add(check("resample.output_44100_f64ref", y, AudioGolden.f64AsFloats(io, "resample.output_44100_f64ref"), 1e-6));
            }
            AudioGolden.report("Resample " + dir + " " + in[0] + " -> " + outShape[0] + " (" + ms + " ms)", checks);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("folders")
    void decodeGivesStereoAt44100(GoldenDirs.Dir dir) throws Exception {
        withModel(dir, (cfg, dec, enc, io) -> {
            int frames = AudioGolden.steps(io, "decoder.latent");
            DecodedAudio a = dec.decode(timeMajor(io, "decoder.latent"), frames);
            if (a.sampleRate() != 44_100 || a.channels() != cfg.ioChannels() || a.frames() != (long) cfg.hopLength() * frames * 441 / 512) {
                throw new AssertionError("decoded " + a.frames() + " frames x " + a.channels() + " at " + a.sampleRate());
            }
            float[] ref = Resample441.resample(dec.decodeWave(timeMajor(io, "decoder.latent"), frames, (n, d, s, c) -> {}, true),
                    cfg.ioChannels());
            AudioGolden.report("decode() = resample(decodeWave())", List.of(check("decode", a.samples(), ref, 0)));
        });
    }
}
