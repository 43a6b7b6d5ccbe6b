package dev.gallop.engine.pipeline.discovery;

import static org.junit.jupiter.api.Assertions.*;

import dev.gallop.engine.pipeline.VideoSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// `"aspect_sizes"` in `model.json`: the sizes a model with a size of its own makes per aspect, and clear refusals.
class ModelManifestAspectSizesTest {
    @TempDir Path folder;

    @BeforeEach void folders() throws IOException {
        Files.createDirectories(folder.resolve("dit"));
        Files.createDirectories(folder.resolve("text_encoder"));
    }

    private ModelManifest read(String extra) throws IOException {
        Files.writeString(folder.resolve(ModelManifest.FILE), "{\"format\": \"gallop-model\", \"video_size\": \"128x128\"" + extra + "}");
        return ModelManifest.read(folder);
    }

    private String refusal(String extra) {
        IOException e = assertThrows(IOException.class, () -> read(extra));
        assertInstanceOf(IllegalArgumentException.class, e.getCause(), e.getMessage());
        assertTrue(e.getMessage().contains(folder.resolve(ModelManifest.FILE).toString()), e.getMessage());
        return e.getMessage();
    }

    @Test void bothAspectsAreRead() throws IOException {
        ModelManifest m = read(", \"aspect_sizes\": {\"16:9\": \"448x256\", \"9:16\": \"256X448\"}");
        assertEquals(Optional.of(new VideoSize(128, 128)), m.videoSize());
        assertEquals(Optional.of(new VideoSize(448, 256)), m.aspectSize(VideoSize.Aspect.LANDSCAPE_16_9));
        assertEquals(Optional.of(new VideoSize(256, 448)), m.aspectSize(VideoSize.Aspect.PORTRAIT_9_16));
    }

    @Test void oneAspectOrNoneIsFine() throws IOException {
        ModelManifest wide = read(", \"aspect_sizes\": {\"16:9\": \"448x256\"}");
        assertEquals(Optional.of(new VideoSize(448, 256)), wide.aspectSize(VideoSize.Aspect.LANDSCAPE_16_9));
        assertEquals(Optional.empty(), wide.aspectSize(VideoSize.Aspect.PORTRAIT_9_16));
        ModelManifest none = read("");
        assertEquals(Map.of(), none.aspectSizes());
        assertEquals(Optional.empty(), none.aspectSize(VideoSize.Aspect.LANDSCAPE_16_9));
        assertEquals(Map.of(), read(", \"aspect_sizes\": null").aspectSizes());
    }

    @Test void badKeysAndSizesNameTheKeyAndTheValue() {
        String key = refusal(", \"aspect_sizes\": {\"4:3\": \"448x256\"}");
        assertTrue(key.contains("\"aspect_sizes\"") && key.contains("\"4:3\""), key);
        String form = refusal(", \"aspect_sizes\": {\"16:9\": \"wide\"}");
        assertTrue(form.contains("\"16:9\"") && form.contains("\"wide\""), form);
        String grid = refusal(", \"aspect_sizes\": {\"9:16\": \"250x448\"}");
        assertTrue(grid.contains("\"9:16\"") && grid.contains("\"250x448\"") && grid.contains("multiple of 32"), grid);
        String turned = refusal(", \"aspect_sizes\": {\"16:9\": \"256x448\"}");
        assertTrue(turned.contains("\"16:9\"") && turned.contains("\"256x448\"") && turned.contains("wider than tall"), turned);
        String number = refusal(", \"aspect_sizes\": {\"16:9\": 448}");
        assertTrue(number.contains("\"16:9\"") && number.contains("448"), number);
        String list = refusal(", \"aspect_sizes\": [\"448x256\"]");
        assertTrue(list.contains("\"aspect_sizes\" must be an object"), list);
    }

    @Test void theOlderConstructorsHaveNoAspectSizes() throws IOException {
        ModelManifest m = read("");
        ModelManifest old = new ModelManifest(m.name(), m.folder(), m.dit(), null, m.components(), Map.of(), Map.of(), m.sampler(),
                m.steps(), m.shift(), m.spatialDownsample(), m.precision(), m.negativePrompt(), m.videoSize());
        assertEquals(m, old);
    }
}
