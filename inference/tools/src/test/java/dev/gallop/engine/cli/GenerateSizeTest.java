package dev.gallop.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.pipeline.VideoSize;
import dev.gallop.engine.pipeline.discovery.ModelManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// `gallop generate`'s base size: the options, the model's own size, and its size per aspect.
class GenerateSizeTest {
    @TempDir Path dir;

    private static VideoSize size(Path model, String... args) throws IOException {
        String[] all = new String[args.length + 1];
        all[0] = "generate";
        System.arraycopy(args, 0, all, 1, args.length);
        return GenerateCommand.baseSize(new CliArgs(all, 1, Set.of("size", "res", "aspect"), Set.of()), model);
    }

    private Path model(String name, String sizes) throws IOException {
        Path m = dir.resolve(name);
        Files.createDirectories(m.resolve("dit"));
        Files.createDirectories(m.resolve("text_encoder"));
        Files.writeString(m.resolve(ModelManifest.FILE), "{\"format\": \"gallop-model\"" + sizes + "}");
        return m;
    }

    @Test void aModelWithAspectSizesIsAskedForTheAspectsSize() throws IOException {
        Path demo = model("demo", ", \"video_size\": \"128x128\", \"aspect_sizes\": {\"16:9\": \"448x256\", \"9:16\": \"256x448\"}");
        assertEquals(new VideoSize(128, 128), size(demo));
        assertEquals(new VideoSize(448, 256), size(demo, "--aspect", "16:9"));
        assertEquals(new VideoSize(256, 448), size(demo, "--aspect", "9:16"));
        // --size and --res still say the size themselves
        assertEquals(new VideoSize(192, 128), size(demo, "--size", "192x128", "--aspect", "9:16"));
        assertEquals(new VideoSize(512, 896), size(demo, "--res", "540p", "--aspect", "9:16"));
        var bad = assertThrows(CliArgs.UsageException.class, () -> size(demo, "--aspect", "4:3"));
        assertTrue(bad.getMessage().contains("--aspect must be 16:9 or 9:16"), bad.getMessage());
    }

    @Test void anAspectTheModelDoesNotNameIsThePreset() throws IOException {
        Path wideOnly = model("wide", ", \"video_size\": \"64x64\", \"aspect_sizes\": {\"16:9\": \"128x64\"}");
        assertEquals(new VideoSize(128, 64), size(wideOnly, "--aspect", "16:9"));
        assertEquals(new VideoSize(256, 448), size(wideOnly, "--aspect", "9:16"));
        Path squareOnly = model("square", ", \"video_size\": \"64x64\"");
        assertEquals(new VideoSize(64, 64), size(squareOnly));
        assertEquals(new VideoSize(448, 256), size(squareOnly, "--aspect", "16:9"));
    }

    @Test void aModelWithoutASizeOfItsOwnUsesThePresets() throws IOException {
        Path big = model("big", "");
        assertEquals(new VideoSize(448, 256), size(big));
        assertEquals(new VideoSize(256, 448), size(big, "--aspect", "9:16"));
        assertEquals(new VideoSize(1920, 1088), size(big, "--res", "1080p"));
    }
}
