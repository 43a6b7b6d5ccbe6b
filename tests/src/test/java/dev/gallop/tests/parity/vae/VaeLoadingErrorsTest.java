package dev.gallop.tests.parity.vae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import dev.gallop.engine.models.vae.TurboVaedConfig;
import dev.gallop.engine.models.vae.WanVaeConfig;
import dev.gallop.engine.models.vae.WanVaeEncoder;
import dev.gallop.engine.nn.WeightLoadException;
import dev.gallop.engine.nn.WeightPolicy;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.pipeline.DecodedVideo;
import dev.gallop.engine.pipeline.VideoSize;
import dev.gallop.engine.runtime.CancelToken;
import dev.gallop.engine.tensor.DType;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// Checkpoint prefixes, bad input and missing weights, on copies of the golden weight files.
class VaeLoadingErrorsTest {
    @TempDir Path tmp;

    static TurboVaedConfig turboConfig() throws Exception {
        return TurboVaedConfig.fromJson(new ObjectMapper().readTree(TurboVaedParityTest.dir().resolve("config.json").toFile()));
    }

    /// A copy of `src` with every key renamed by `rename` (null drops it).
    Path copy(Path src, String name, UnaryOperator<String> rename) throws Exception {
        return copy(src, name, rename, new SafetensorsWriter());
    }

    Path copy(Path src, String name, UnaryOperator<String> rename, SafetensorsWriter out) throws Exception {
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

    TurboVaed turbo(Path weights) throws Exception {
        Checkpoint ck = Checkpoints.open(weights);
        Weights w = Weights.open(ck, CpuDevice.get(), WeightPolicy.KEEP);
        TurboVaed vae = new TurboVaed(turboConfig(), LatentStats.WAN22, w);
        w.requireAllConsumed();
        return vae;
    }

    @Test void turboLoadsEmaPrefixesAndSkipsProjectionKeys() throws Exception {
        Path src = TurboVaedParityTest.dir().resolve("weights.safetensors");
        Path plain = copy(src, "plain.safetensors", k -> k.substring("decoder.".length()));
        // upstream's EMA layout: `module.decoder.*`, plus a training-only projection that must be skipped
        Path module = copy(src, "module.safetensors", k -> "module." + k, new SafetensorsWriter()
                .add("module.aligned_feature_projection_0.weight", new float[4], dev.gallop.engine.tensor.Shape.of(2, 2), DType.F32));
        int[] shape = {48, 1, 1, 1};
        float[] z = new float[48];
        DecodedVideo a = turbo(plain).decode(z, shape[0], 1, 1, 1, CancelToken.NEVER);
        DecodedVideo b = turbo(module).decode(z, shape[0], 1, 1, 1, CancelToken.NEVER);
        assertArrayEquals(a.rgb(), b.rgb());
    }

    @Test void turboRejectsAWrongLatent() throws Exception {
        TurboVaed vae = turbo(TurboVaedParityTest.dir().resolve("weights.safetensors"));
        var e = assertThrows(IllegalArgumentException.class, () -> vae.decode(new float[16 * 2 * 2 * 2], 16, 2, 2, 2, CancelToken.NEVER));
        assertTrue(e.getMessage().contains("48 latent channels, got 16"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> vae.decode(new float[48 * 5], 48, 2, 2, 2, CancelToken.NEVER));
        assertTrue(e2.getMessage().contains("not [48, 2, 2, 2]"), e2.getMessage());
    }

    @Test void turboNamesAMissingWeight() throws Exception {
        Path p = copy(TurboVaedParityTest.dir().resolve("weights.safetensors"), "missing.safetensors",
                k -> k.equals("decoder.up_blocks.2.resnets.1.conv2.conv.weight") ? null : k);
        var e = assertThrows(WeightLoadException.class, () -> turbo(p));
        assertTrue(e.getMessage().contains("decoder.up_blocks.2.resnets.1.conv2.conv.weight"), e.getMessage());
    }

    @Test void wanNamesAMissingTimeConvAndRejectsABadImage() throws Exception {
        WanVaeConfig cfg = WanVaeConfig.fromJson(new ObjectMapper().readTree(WanVaeEncoderParityTest.dir().resolve("config.json").toFile()));
        Path p = copy(WanVaeEncoderParityTest.dir().resolve("weights.safetensors"), "wan-missing.safetensors",
                k -> k.equals("encoder.downsamples.2.downsamples.2.time_conv.weight") ? null : k);
        var e = assertThrows(WeightLoadException.class, () -> new WanVaeEncoder(cfg, LatentStats.WAN22,
                Weights.open(Checkpoints.open(p), CpuDevice.get(), WeightPolicy.KEEP)));
        assertTrue(e.getMessage().contains("encoder.downsamples.2.downsamples.2.time_conv.weight"), e.getMessage());

        Checkpoint ck = Checkpoints.open(WanVaeEncoderParityTest.dir().resolve("weights.safetensors"));
        WanVaeEncoder enc = new WanVaeEncoder(cfg, LatentStats.WAN22, Weights.open(ck, CpuDevice.get(), WeightPolicy.KEEP));
        var bad = assertThrows(IllegalArgumentException.class, () -> enc.encode(new byte[10], 2, 2, new VideoSize(64, 32)));
        assertTrue(bad.getMessage().contains("not [2, 2, 3]"), bad.getMessage());
        byte[] rgb = new byte[50 * 90 * 3];
        float[] z = enc.encode(rgb, 50, 90, new VideoSize(96, 64)).toFloats();
        assertTrue(z.length == 48 * 4 * 6);
    }
}
