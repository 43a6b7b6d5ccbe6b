package dev.gallop.engine.media;

import dev.gallop.engine.pipeline.DecodedAudio;
import dev.gallop.engine.pipeline.DecodedVideo;
import dev.gallop.engine.runtime.CancelToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/// Child process for [Mp4FullDiskTest], run with a small tmpfs at `args[0]`: writes a small clip that fits as the old
/// version of `k.mp4`, then a noisy one that does not, and reports the error and what the folder holds.
public final class Mp4OnFullDisk {
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Path out = dir.resolve("k.mp4");
        Mp4Writer.write(out, new DecodedVideo(new byte[32 * 32 * 3], 1, 32, 32), null, 25, Map.of(), f -> { }, CancelToken.NEVER);
        System.out.println("OLD: " + Files.size(out));
        byte[] noise = new byte[25 * 256 * 256 * 3];
        new Random(1).nextBytes(noise);
        float[] sound = new float[2 * 44100];
        try {
            Mp4Writer.write(out, new DecodedVideo(noise, 25, 256, 256), new DecodedAudio(sound, 2, 44100), 25, Map.of("comment", "new"),
                    f -> { }, CancelToken.NEVER);
            System.out.println("WROTE");
        } catch (IOException e) {
            System.out.println("FAILED: " + e.getMessage());
        }
        try (Stream<Path> s = Files.list(dir)) {
            System.out.println("LIST: " + s.map(p -> p.getFileName() + "=" + size(p)).sorted().toList());
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }
}
