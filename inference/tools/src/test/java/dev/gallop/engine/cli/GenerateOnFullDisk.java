package dev.gallop.engine.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/// Child process for [GenerateReliabilityTest], run with a small tmpfs at `args[0]`: an earlier clip `k.mp4` and
/// its sidecar are there, then `gallop generate --out k.mp4` runs on the full disk. Prints the exit code, the error
/// and what the folder holds.
public final class GenerateOnFullDisk {
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.write(dir.resolve("k.mp4"), new byte[3000]);
        Files.writeString(dir.resolve("k.json"), "{\"old\": true}");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = GallopCli.run(new String[] {"generate", "--prompt", "a red circle bouncing on a blue background", "--quiet",
                "--out", dir.resolve("k.mp4").toString()}, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        System.out.println("EXIT: " + code);
        System.out.println("ERR: " + err.toString(StandardCharsets.UTF_8).strip());
        try (Stream<Path> s = Files.list(dir)) {
            System.out.println("LIST: " + s.map(p -> p.getFileName() + "=" + size(p)).sorted().toList());
        }
        System.out.println("JSON: " + Files.readString(dir.resolve("k.json")));
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }
}
