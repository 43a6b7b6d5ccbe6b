package dev.gallop.tests.parity.audio;

import static dev.gallop.tests.parity.audio.AudioGolden.check;
import static dev.gallop.tests.parity.audio.AudioGolden.timeMajor;

import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.io.Checkpoints;
import dev.gallop.engine.io.safetensors.Checkpoint;
import dev.gallop.engine.io.safetensors.SafetensorsFile;
import dev.gallop.engine.models.audio.OobleckConfig;
import dev.gallop.engine.models.audio.OobleckDecoder;
import dev.gallop.engine.models.audio.OobleckEncoder;
import dev.gallop.engine.models.audio.Resample441;
import dev.gallop.engine.nn.WeightPolicy;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.pipeline.DecodedAudio;
import dev.gallop.tests.parity.GoldenDirs;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/// The Oobleck audio VAE and the 441/512 resample against the reference goldens (default
/// tests/fixtures/magihuman-decoders/oobleck; another set with -Dgallop.goldens.oobleck=DIR). Every tensor the io file
/// holds is compared, in forward order, with the gates of the goldens' README: wave 2e-5, mean/scale 2e-6,
/// resample 1e-6; intermediates 2e-5 relative to their peak (at least 2e-5).
class OobleckParityTest {
    static Path dir;
    static OobleckConfig cfg;

    @BeforeAll static void config() throws Exception {
        dir = GoldenDirs.resolve("gallop.goldens.oobleck", "magihuman-decoders/oobleck");
        cfg = OobleckConfig.load(dir.resolve("config.json"));
    }

    /// Decoder and encoder both read from one weights file, and together consume every key.
    private interface Body { void run(OobleckDecoder dec, OobleckEncoder enc, SafetensorsFile io); }

    private static void withModel(Body body) throws Exception {
        try (Checkpoint wf = Checkpoints.open(dir.resolve("weights.safetensors"));
             SafetensorsFile io = SafetensorsFile.open(dir.resolve("io.safetensors"))) {
            Weights root = Weights.open(wf, CpuDevice.get(), WeightPolicy.KEEP);
            Weights w = root.at(OobleckDecoder.DEFAULT_PREFIX);
            OobleckDecoder dec = new OobleckDecoder(cfg, w);
            OobleckEncoder enc = new OobleckEncoder(cfg, w);
            root.requireAllConsumed();
            body.run(dec, enc, io);
        }
    }

    private static double interGate(float[] golden) {
        double peak = 0;
        for (float v : golden) peak = Math.max(peak, Math.abs(v));
        return 2e-5 * Math.max(1.0, peak);
    }

    @ParameterizedTest(name = "vector={0}")
    @ValueSource(booleans = {true, false})
    void decoderMatchesReference(boolean vector) throws Exception {
        withModel((dec, enc, io) -> {
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
            AudioGolden.report("Oobleck decoder (vector=" + vector + ", " + frames + " latent frames)", checks);
        });
    }

    @ParameterizedTest(name = "vector={0}")
    @ValueSource(booleans = {true, false})
    void encoderMatchesReferenceWithStoredNoise(boolean vector) throws Exception {
        withModel((dec, enc, io) -> {
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
            AudioGolden.report("Oobleck encoder (vector=" + vector + ", " + m.frames() + " latent frames)", checks);
        });
    }

    @Test
    void resampleMatchesScipy() throws Exception {
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
            AudioGolden.report("Resample " + in[0] + " -> " + outShape[0] + " (" + ms + " ms)", checks);
        }
    }

    @Test
    void decodeGivesStereoAt44100() throws Exception {
        withModel((dec, enc, io) -> {
            int frames = AudioGolden.steps(io, "decoder.latent");
            DecodedAudio a = dec.decode(timeMajor(io, "decoder.latent"), frames);
            if (a.sampleRate() != 44_100 || a.channels() != cfg.ioChannels() || a.frames() != 1764 * frames) {
                throw new AssertionError("decoded " + a.frames() + " frames x " + a.channels() + " at " + a.sampleRate());
            }
            float[] ref = Resample441.resample(dec.decodeWave(timeMajor(io, "decoder.latent"), frames, (n, d, s, c) -> {}, true),
                    cfg.ioChannels());
            AudioGolden.report("decode() = resample(decodeWave())", List.of(check("decode", a.samples(), ref, 0)));
        });
    }
}
