package dev.gallop.engine.io.pickle;

/// A storage named by a persistent id in a PyTorch archive: `('storage', <torch.XStorage>, key, location, numel)`.
/// The bytes live in the archive entry `data/<key>`; `numel` counts elements of `dtypeName`.
public record TorchStorage(String key, String dtypeName, int elementBytes, long numel, String location) {
    public long byteSize() { return numel * elementBytes; }
}
