package dev.gallop.tests.parity.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.io.Checkpoints;
import dev.gallop.engine.io.safetensors.Checkpoint;
import dev.gallop.engine.io.safetensors.SafetensorsFile;
import dev.gallop.engine.io.safetensors.SafetensorsWriter;
import dev.gallop.engine.models.vae.LatentStats;
import dev.gallop.engine.models.vae.TurboVaed;
import dev.gallop.engine.models.vae.WanVaeConfig;
import dev.gallop.engine.models.vae.WanVaeEncoder;
import dev.gallop.engine.nn.WeightLoadException;
import dev.gallop.engine.nn.WeightPolicy;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.pipeline.VideoSize;
import dev.gallop.engine.runtime.CancelToken;
import dev.gallop.engine.tensor.DType;
import dev.gallop.tests.parity.GoldenDirs;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/// Bad input and missing weights, on copies of every golden folder's weight files (the key layouts the loaders
/// accept are [CheckpointLayoutTest]'s). Every size comes from the set: the latent width from its config, the key
/// removed from the keys it holds, the latent size from its z_dim.
class VaeLoadingErrorsTest {
    @TempDir Path tmp;

    static Stream<GoldenDirs.Dir> turboDirs() { return TurboVaedParityTest.dirs().stream(); }

    static Stream<GoldenDirs.Dir> wanDirs() { return WanVaeEncoderParityTest.dirs().stream(); }

    /// A copy of `src` with every key renamed by `rename` (null drops it).
    Path copy(Path src, String name, UnaryOperator<String> rename) throws Exception {
        SafetensorsWriter out = new SafetensorsWriter();
        try (SafetensorsFile f = SafetensorsFile.open(src)) {
            for (String k : f.tensors().keySet()) {
                String n = rename.apply(k);
                if (n != null) out.add(n, f.floats(k), f.info(k).shape(), DType.F32);
            }
        }
        Path p = tmp.resolve(name);
        out.write(p);
        return p;
    }

    static TurboVaed turbo(GoldenDirs.Dir d, Path weights) throws Exception {
        Checkpoint ck = Checkpoints.open(weights);
        Weights w = Weights.open(ck, CpuDevice.get(), WeightPolicy.KEEP);
        TurboVaed vae = new TurboVaed(TurboVaedParityTest.config(d), LatentStats.WAN22, w);
        w.requireAllConsumed();
        return vae;
    }

    /// The first key of the set's weight file that matches `pattern`.
    static String someKey(Path weights, String pattern) throws Exception {
        try (SafetensorsFile f = SafetensorsFile.open(weights)) {
            return f.tensors().keySet().stream().filter(k -> k.matches(pattern)).sorted().findFirst()
                    .orElseThrow(() -> new AssertionError(weights + " holds no key matching " + pattern));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("turboDirs")
    void turboRejectsAWrongLatent(GoldenDirs.Dir d) throws Exception {
        TurboVaed vae = turbo(d, d.resolve("weights.safetensors"));
        int c = vae.config().latentChannels(), wrong = c == 16 ? 8 : 16;
        var e = assertThrows(IllegalArgumentException.class, () -> vae.decode(new float[wrong * 2 * 2 * 2], wrong, 2, 2, 2, CancelToken.NEVER));
        assertTrue(e.getMessage().contains(c + " latent channels, got " + wrong), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> vae.decode(new float[c * 5], c, 2, 2, 2, CancelToken.NEVER));
        assertTrue(e2.getMessage().contains("not [" + c + ", 2, 2, 2]"), e2.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("turboDirs")
    void turboNamesAMissingWeight(GoldenDirs.Dir d) throws Exception {
        String gone = someKey(d.resolve("weights.safetensors"), ".*up_blocks\\.2\\.resnets\\.\\d+\\.conv2\\.conv\\.weight");
        Path p = copy(d.resolve("weights.safetensors"), "missing.safetensors", k -> k.equals(gone) ? null : k);
        var e = assertThrows(WeightLoadException.class, () -> turbo(d, p));
        assertTrue(e.getMessage().contains(gone), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wanDirs")
    void wanNamesAMissingTimeConvAndRejectsABadImage(GoldenDirs.Dir d) throws Exception {
        WanVaeConfig cfg = WanVaeConfig.fromJson(new ObjectMapper().readTree(d.resolve("config.json").toFile()));
        String gone = someKey(d.resolve("weights.safetensors"), "encoder\\.downsamples\\.\\d+\\.downsamples\\.\\d+\\.time_conv\\.weight");
        Path p = copy(d.resolve("weights.safetensors"), "wan-missing.safetensors", k -> k.equals(gone) ? null : k);
        var e = assertThrows(WeightLoadException.class, () -> new WanVaeEncoder(cfg, LatentStats.WAN22,
                Weights.open(Checkpoints.open(p), CpuDevice.get(), WeightPolicy.KEEP)));
        assertTrue(e.getMessage().contains(gone), e.getMessage());

        Checkpoint ck = Checkpoints.open(d.resolve("weights.safetensors"));
        WanVaeEncoder enc = new WanVaeEncoder(cfg, LatentStats.WAN22, Weights.open(ck, CpuDevice.get(), WeightPolicy.KEEP));
        var bad = assertThrows(IllegalArgumentException.class, () -> enc.encode(new byte[10], 2, 2, new VideoSize(64, 32)));
        assertTrue(bad.getMessage().contains("not [2, 2, 3]"), bad.getMessage());
        byte[] rgb = new byte[50 * 90 * 3];
        float[] z = enc.encode(rgb, 50, 90, new VideoSize(96, 64));
        assertEquals(cfg.zDim() * (64 / 16) * (96 / 16), z.length);
    }
}
