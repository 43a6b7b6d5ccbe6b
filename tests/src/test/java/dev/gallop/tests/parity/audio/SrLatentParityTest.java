package dev.gallop.tests.parity.audio;

import static dev.gallop.tests.parity.audio.AudioGolden.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gallop.engine.io.safetensors.SafetensorsFile;
import dev.gallop.engine.sampling.SuperResolution;
import dev.gallop.engine.sampling.ZeroSnrDdpm;
import dev.gallop.tests.parity.GoldenDirs;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/// The SR hand-over latent path ([SuperResolution]) against every golden folder of `-Dgallop.goldens.srlatent` (by
/// default the shared set's copy, tests/fixtures/magihuman-decoders/sr_latent, and the float64 reference set
/// tests/fixtures/f64/sr_latent): the constants, the trilinear upsample of every case in config.json (gate 2e-6 of
/// the values, whose peak is a few units: the kernel's fused multiply-adds make the last bit implementation-specific),
/// the re-noise and the SR audio-token mix (both bit-exact given their inputs, as the spec defines them in float32).
class SrLatentParityTest {
    static Stream<GoldenDirs.Dir> folders() {
        return GoldenDirs.srLatent().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("folders")
    void srLatentPathMatchesReference(GoldenDirs.Dir dir) throws Exception {
        JsonNode cfg = new ObjectMapper().readTree(dir.resolve("config.json").toFile());
        List<AudioGolden.Check> checks = new ArrayList<>();
        try (SafetensorsFile io = SafetensorsFile.open(dir.resolve("io.safetensors"))) {
            // constants
            long index = AudioGolden.i64(io, "const.noise_value_index");
            if (index != SuperResolution.NOISE_INDEX || cfg.get("noise_value").asInt() != SuperResolution.NOISE_INDEX) {
                throw new AssertionError("noise index: golden " + index + ", engine " + SuperResolution.NOISE_INDEX);
            }
            checks.add(check("const.signal_scale", new float[] {SuperResolution.SIGNAL}, io.floats("const.signal_scale"), 0));
            checks.add(check("const.noise_scale", new float[] {SuperResolution.NOISE}, io.floats("const.noise_scale"), 0));
            double[] table = ZeroSnrDdpm.sqrtAlphaBar(ZeroSnrDdpm.BETA_START, ZeroSnrDdpm.BETA_END, ZeroSnrDdpm.STEPS);
            float[] t32 = new float[table.length];
            for (int i = 0; i < t32.length; i++) t32[i] = (float) table[i];
            checks.add(check("const.sigmas_1000 (f64 table)", t32, io.floats("const.sigmas_1000"), 1e-6));

            for (Iterator<String> it = cfg.get("cases").fieldNames(); it.hasNext(); ) {
                String c = it.next();
                int[] in = io.info(c + ".latent_in").shape().dims();    // [1, C, T, H, W]
                int[] up = io.info(c + ".upsampled").shape().dims();
                float[] got = SuperResolution.upsample(io.floats(c + ".latent_in"), in[1], in[2], in[3], in[4], up[2], up[3], up[4]);
                checks.add(check(c + ".upsampled", got, io.floats(c + ".upsampled"), 2e-6));
                float[] renoised = SuperResolution.renoise(io.floats(c + ".upsampled"), io.floats(c + ".noise"));
                checks.add(check(c + ".renoised (golden upsampled)", renoised, io.floats(c + ".renoised"), 0));
                float[] chain = SuperResolution.renoise(got, io.floats(c + ".noise"));
                checks.add(check(c + ".renoised (our upsample)", chain, io.floats(c + ".renoised"), 2e-6));
            }
            float[] mixed = SuperResolution.audioInput(io.floats("audio.latent_in"), io.floats("audio.noise"),
                    cfg.get("sr_audio_noise_scale").asDouble());
            checks.add(check("audio.mixed", mixed, io.floats("audio.mixed"), 0));
        }
        AudioGolden.report("SR latent path " + dir, checks);
    }
}
