package dev.gallop.engine.models.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gallop.engine.io.safetensors.SafetensorsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/// Reading a demo decoder folder: `config.json` and `decoder.safetensors`, every tensor checked for shape and every
/// tensor of the file required to be used.
final class DemoDecoderFiles implements AutoCloseable {
    final Path folder;
    final JsonNode config;
    private final SafetensorsFile file;
    private final Set<String> used = new HashSet<>();

    private DemoDecoderFiles(Path folder, JsonNode config, SafetensorsFile file) {
        this.folder = folder;
        this.config = config;
        this.file = file;
    }

    static DemoDecoderFiles open(Path folder, String what) throws IOException {
        Path cfg = folder.resolve("config.json"), weights = folder.resolve("decoder.safetensors");
        if (!Files.isRegularFile(cfg)) throw new IOException(what + " " + folder + ": missing config.json");
        if (!Files.isRegularFile(weights)) throw new IOException(what + " " + folder + ": missing decoder.safetensors");
        JsonNode j;
        try {
            j = new ObjectMapper().readTree(cfg.toFile());
        } catch (IOException e) {
            throw new IOException(cfg + ": not valid JSON: " + e.getMessage(), e);
        }
        return new DemoDecoderFiles(folder, j, SafetensorsFile.open(weights));
    }

    int integer(String key) throws IOException {
        JsonNode v = config.get(key);
        if (v == null || !v.canConvertToInt() || v.asInt() < 1) {
            throw new IOException(folder.resolve("config.json") + ": needs a positive integer \"" + key + "\"" + (v == null ? "" : ", got " + v));
        }
        return v.asInt();
    }

    /// The tensor `name` as f32, which must have exactly `dims`.
    float[] tensor(String name, int... dims) throws IOException {
        Path f = folder.resolve("decoder.safetensors");
        if (!file.contains(name)) throw new IOException(f + ": missing tensor '" + name + "'");
        int[] shape = file.info(name).shape().dims();
        if (!Arrays.equals(shape, dims)) {
            throw new IOException(f + ": tensor '" + name + "' is " + Arrays.toString(shape) + ", expected " + Arrays.toString(dims));
        }
        used.add(name);
        return file.finiteFloats(name);
    }

    /// The per-channel standardisation the DiT's latents are in (`latent_mean`, `latent_std`, [channels] each), which
    /// a demo decoder undoes first.
    Standardisation standardisation(int channels) throws IOException {
        return new Standardisation(tensor("latent_mean", channels), tensor("latent_std", channels));
    }

    /// z · std + mean per channel.
    record Standardisation(float[] mean, float[] std) {
        float undo(float z, int channel) { return z * std[channel] + mean[channel]; }

        double undo(double z, int channel) { return z * std[channel] + mean[channel]; }
    }

    /// Fails when the file holds tensors the decoder did not read (a file for another architecture).
    void requireAllUsed() throws IOException {
        Set<String> extra = new HashSet<>(file.tensors().keySet());
        extra.removeAll(used);
        if (!extra.isEmpty()) throw new IOException(folder.resolve("decoder.safetensors") + ": unexpected tensors " + extra.stream().sorted().toList());
    }

    @Override public void close() { file.close(); }
}
