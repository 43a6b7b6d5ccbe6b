package dev.gallop.engine.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/// Runs a class's `main` in a child JVM with this JVM's class path and the engine's flags: for tests that kill a
/// process half-way, or run it where this one cannot go (a small full file system).
public final class ChildJvm {
    private ChildJvm() {}

    /// The command line: java, flags, class path, `main`, `args`.
    public static List<String> command(Class<?> main, List<String> jvmArgs, String... args) {
        List<String> c = new ArrayList<>();
        c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        c.addAll(List.of("--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xss4m",
                "-XX:+UseSerialGC", "-Xshare:auto"));
        c.addAll(jvmArgs);
        c.add("-cp");
        c.add(System.getProperty("java.class.path"));
        c.add(main.getName());
        c.addAll(List.of(args));
        return c;
    }

    /// What a finished child printed and how it ended.
    public record Result(int exit, String out) {}

    /// Runs `command` to the end (at most `timeoutSeconds`), stdout and stderr together.
    public static Result run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[][] out = new byte[1][];
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                out[0] = p.getInputStream().readAllBytes();
            } catch (IOException e) {
                out[0] = ("(output unreadable: " + e + ")").getBytes(StandardCharsets.UTF_8);
            }
        });
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            reader.join();
            throw new IOException("child did not finish in " + timeoutSeconds + " s: " + String.join(" ", command) + "\n"
                    + new String(out[0] == null ? new byte[0] : out[0], StandardCharsets.UTF_8));
        }
        reader.join();
        return new Result(p.exitValue(), new String(out[0], StandardCharsets.UTF_8));
    }
}
