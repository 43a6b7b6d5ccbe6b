package dev.gallop.engine.pipeline;

import java.util.function.Consumer;

/// The one engine API the studio and the CLI use: submit a request, receive events, cancel or await the clip.
public interface Generator extends AutoCloseable {
    GenerationJob submit(GenerationRequest request, Consumer<GenerationEvent> listener);

    @Override void close();
}
