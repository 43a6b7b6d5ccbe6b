package dev.gallop.app.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.pipeline.DialogueLine;
import dev.gallop.engine.pipeline.GenerationRequest;
import dev.gallop.engine.pipeline.Language;
import dev.gallop.engine.pipeline.StructuredPrompt;
import dev.gallop.engine.pipeline.VideoSize;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueueFileTest {
    @TempDir Path dir;

    static GenerationRequest full() {
        StructuredPrompt p = new StructuredPrompt("Two friends talk in a café", List.of(new DialogueLine("the woman", Language.JAPANESE, "こんにちは"),
                new DialogueLine("the man", Language.ENGLISH, "Hello there")), "espresso machine hiss");
        return new GenerationRequest(p, Optional.of(Path.of("/img/ref.png")), Optional.of(Path.of("voice.wav")), 3.2,
                VideoSize.of(VideoSize.Preset.P256, VideoSize.Aspect.PORTRAIT_9_16), -5, 8, Path.of("/models/demo"));
    }

    @Test void roundTripKeepsEveryField() throws Exception {
        Path f = dir.resolve("queue.json");
        List<QueueFile.Entry> jobs = List.of(new QueueFile.Entry("a", full(), null, JobState.PENDING, ""),
                new QueueFile.Entry("b", full(), "clip-3", JobState.FAILED, "out of memory in the DiT"));
        QueueFile.write(f, jobs);
        assertEquals(jobs, QueueFile.read(f));
        assertEquals(List.of(), QueueFile.read(dir.resolve("absent.json")));
    }

    @Test void badContentIsNamed() throws Exception {
        Path f = dir.resolve("queue.json");
        Files.writeString(f, "{\"format\":\"gallop-project\",\"version\":1}");
        assertTrue(assertThrows(QueueFile.QueueFileException.class, () -> QueueFile.read(f)).getMessage().contains("not a Gallop queue file"));
        Files.writeString(f, "{\"format\":\"gallop-queue\",\"version\":1,\"jobs\":[{\"id\":\"x\",\"state\":\"pending\",\"request\":{\"prompt\":{\"body\":\"a\"},"
                + "\"seconds\":2,\"width\":100,\"height\":64,\"seed\":1,\"steps\":0,\"model\":\"m\"}}]}");
        String m = assertThrows(QueueFile.QueueFileException.class, () -> QueueFile.read(f)).getMessage();
        assertTrue(m.contains("job 0") && m.contains("100"), m);
        Files.writeString(f, "{\"format\":\"gallop-queue\",\"version\":1,\"jobs\":[{\"id\":\"x\",\"state\":\"paused\",\"request\":{}}]}");
        m = assertThrows(QueueFile.QueueFileException.class, () -> QueueFile.read(f)).getMessage();
        assertTrue(m.contains("unknown state \"paused\""), m);
        Files.writeString(f, "{\"format\":\"gallop-queue\",\"version\":1,\"jobs\":[{\"id\":\"x\",\"state\":\"pending\",\"request\":{\"prompt\":{\"body\":\"a\"}}}]}");
        m = assertThrows(QueueFile.QueueFileException.class, () -> QueueFile.read(f)).getMessage();
        assertTrue(m.contains("\"seconds\" is missing"), m);
    }
}
