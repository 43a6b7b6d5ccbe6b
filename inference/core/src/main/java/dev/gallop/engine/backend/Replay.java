package dev.gallop.engine.backend;

/// Recorded device work that can be run again ([Device#record]): a CUDA graph on a GPU, the work itself on the CPU.
/// It reads and writes the same buffers every run, so a caller changes its inputs by writing into those buffers.
public interface Replay extends AutoCloseable {
    /// Queues the recorded work again.
    void run();

    /// Frees what the recording holds (a GPU's graph and the scratch memory it uses).
    @Override void close();
}
